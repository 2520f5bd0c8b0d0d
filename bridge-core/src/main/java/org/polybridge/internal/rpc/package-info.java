/**
 * The function registry: what clients registered ({@link org.polybridge.internal.rpc.RpcRegistration},
 * by {@link org.polybridge.internal.rpc.Signature}), and the calls in flight to their owners, each
 * owner's taken one at a time ({@link org.polybridge.internal.rpc.CallQueue}).
 */
package org.polybridge.internal.rpc;
