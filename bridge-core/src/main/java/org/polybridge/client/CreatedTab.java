package org.polybridge.client;

import java.util.Objects;

/**
 * A tab {@link ApiClient#createTab} opened: the window it is in (a new one when none was named),
 * the tab, and the session that runs in it.
 *
 * <pre>{@code
 * CreatedTab tab = api.createTab(null, null).join();   // a new window, the default profile
 * api.sendText(tab.sessionId(), "ls\n").join();
 * }</pre>
 *
 * @param windowId the window's id
 * @param tabId the tab's id, as the other requests and the app model spell it
 * @param sessionId the id of the tab's one session
 */
public record CreatedTab(String windowId, String tabId, String sessionId) {
  public CreatedTab {
    Objects.requireNonNull(windowId, "windowId == null");
    Objects.requireNonNull(tabId, "tabId == null");
    Objects.requireNonNull(sessionId, "sessionId == null");
  }
}
