/**
 * The host side of iTerm2's protocol: {@link org.polybridge.internal.protocol.ApiServer} (one per
 * bridge) and a {@link org.polybridge.internal.protocol.ServerConnection} per client, which answer
 * each request ({@code *Requests}: sessions, profiles, selections, variables, notifications) and
 * tell subscribers about the app model's changes ({@code *Messages}).
 */
package org.polybridge.internal.protocol;
