/**
 * How a script's failure travels: {@code {"reason": …, "traceback": …}} ({@link
 * org.polybridge.internal.failure.ScriptFailures}), written by clients and read by the host.
 */
package org.polybridge.internal.failure;
