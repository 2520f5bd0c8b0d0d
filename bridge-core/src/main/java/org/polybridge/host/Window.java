package org.polybridge.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A window of the {@link App}: an ordered list of tabs. Its variables: {@code id}, {@code number}.
 *
 * <pre>{@code
 * Window window = bridge.app().newWindow();
 * Tab first = window.newTab();
 * window.variables().get("number");   // its number in the app, as iTerm2 counts windows
 * }</pre>
 */
public final class Window {
  private final App app;
  private final String id;
  private final CopyOnWriteArrayList<Tab> tabs = new CopyOnWriteArrayList<>();
  private final Variables variables = new Variables();
  private volatile Tab currentTab;

  Window(App app, String id, int number) {
    this.app = app;
    this.id = id;
    variables.set("id", id);
    variables.set("number", number);
    variables.reference("iterm2", app::variables);
    variables.reference("currentTab", () -> currentTab == null ? null : currentTab.variables());
  }

  public String id() {
    return id;
  }

  public App app() {
    return app;
  }

  public List<Tab> tabs() {
    return List.copyOf(tabs);
  }

  /**
   * Makes a new tab for the end of this window. Like a window, it joins the model with its first
   * session.
   */
  public Tab newTab() {
    return new Tab(this, Integer.toString(app.nextTabNumber()));
  }

  public Variables variables() {
    return variables;
  }

  /** Ends every session of this window; the window goes away with its last tab. */
  public void close() {
    tabs().forEach(Tab::close);
    app.removeWindow(this);
  }

  void addTab(Tab tab) {
    if (tabs.addIfAbsent(tab)) {
      currentTab = tab;
    }
    app.addWindow(this);
  }

  /** The selected tab; {@code null} only while the window has none. */
  public Tab currentTab() {
    return currentTab;
  }

  /**
   * Gives the window these tabs, in this order: tabs of other windows move here, tabs of this
   * window left out move to a new window each, as iTerm2 does.
   *
   * @throws IllegalArgumentException when a tab is listed twice or is not the app's
   */
  public void setTabs(List<Tab> order) {
    if (new java.util.HashSet<>(order).size() != order.size()) {
      throw new IllegalArgumentException("tabs : " + order.stream().map(Tab::id).toList() + " (expected: each tab once)");
    }
    for (Tab tab : order) {
      if (tab.window().app() != app || !tab.window().tabs.contains(tab)) {
        throw new IllegalArgumentException("tab " + tab.id() + " : not a tab of this app");
      }
    }
    List<Tab> leaving = tabs.stream().filter(t -> !order.contains(t)).toList();
    for (Tab tab : order) {
      Window from = tab.window();
      if (from != this) {
        from.tabs.remove(tab);
        if (from.currentTab == tab) {
          from.currentTab = from.tabs.isEmpty() ? null : from.tabs.get(from.tabs.size() - 1);
        }
        if (from.tabs.isEmpty()) {
          app.removeWindowQuietly(from);
        }
        tab.moveTo(this);
      }
    }
    tabs.clear();
    tabs.addAll(order);
    for (Tab tab : leaving) {
      Window fresh = app.newWindow();
      tab.moveTo(fresh);
      fresh.tabs.add(tab);
      fresh.currentTab = tab;
      app.addWindow(fresh);
    }
    if (currentTab == null || !tabs.contains(currentTab)) {
      currentTab = tabs.isEmpty() ? null : tabs.get(0);
    }
    app.layoutChangedFromModel();
  }

  void makeCurrent(Tab tab) {
    currentTab = tab;
  }

  void removeTab(Tab tab) {
    tabs.remove(tab);
    if (currentTab == tab) {
      currentTab = tabs.isEmpty() ? null : tabs.get(tabs.size() - 1);
    }
    if (tabs.isEmpty()) {
      app.removeWindow(this);
    }
  }
}
