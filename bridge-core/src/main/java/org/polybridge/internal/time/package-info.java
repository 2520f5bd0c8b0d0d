/**
 * Time limits: the one bound on every timeout ({@link org.polybridge.internal.time.Timeouts}) and
 * the shared timer of invocation and function deadlines ({@link org.polybridge.script.Deadlines}).
 */
package org.polybridge.internal.time;
