package org.polybridge.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A window of the {@link App}: an ordered list of tabs. Its variables: {@code id}, {@code number}. */
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
