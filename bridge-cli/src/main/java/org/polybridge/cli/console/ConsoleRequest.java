package org.polybridge.cli.console;

import java.util.Map;

/**
 * An HTTP request to the console as the routes see it, without Netty: what {@link
 * ConsoleHttpHandler} decoded.
 *
 * @param query the query's parameters (the first value of each)
 * @param host the {@code Host} header, {@code null} when absent
 * @param origin the {@code Origin} header, {@code null} when absent
 * @param cookies the request's cookies by name
 * @param body the body as text (UTF-8), empty when none
 */
record ConsoleRequest(String method, String path, Map<String, String> query, String host, String origin,
    Map<String, String> cookies, String body) {
  ConsoleRequest {
    query = Map.copyOf(query);
    cookies = Map.copyOf(cookies);
  }
}
