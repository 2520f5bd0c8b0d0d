package org.polybridge.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire contract of our api.proto (see shared PROTOCOL.md): field numbers, types and enum
 * values must stay those of iTerm2, or existing clients break silently.
 */
class ProtocolSchemaTest {

  private static FieldDescriptor field(Descriptor message, String name) {
    FieldDescriptor f = message.findFieldByName(name);
    assertThat(f).as("%s.%s exists", message.getName(), name).isNotNull();
    return f;
  }

  private static void assertField(Descriptor message, String name, int number, Type type) {
    FieldDescriptor f = field(message, name);
    assertThat(f.getNumber()).as("%s.%s number", message.getName(), name).isEqualTo(number);
    assertThat(f.getType()).as("%s.%s type", message.getName(), name).isEqualTo(type);
  }

  private static void assertMessageField(
      Descriptor message, String name, int number, Descriptor fieldType) {
    assertField(message, name, number, Type.MESSAGE);
    assertThat(field(message, name).getMessageType().getFullName())
        .isEqualTo(fieldType.getFullName());
  }

  private static void assertOneof(Descriptor message, String oneof, String... fields) {
    for (String name : fields) {
      assertThat(field(message, name).getContainingOneof())
          .as("%s.%s in oneof %s", message.getName(), name, oneof)
          .isNotNull();
      assertThat(field(message, name).getContainingOneof().getName()).isEqualTo(oneof);
    }
  }

  private static Map<String, Integer> values(EnumDescriptor e) {
    Map<String, Integer> m = new LinkedHashMap<>();
    e.getValues().forEach(v -> m.put(v.getName(), v.getNumber()));
    return m;
  }

  @Test
  void envelopesCarryTheIdAsInt64FieldOne() {
    assertField(ClientOriginatedMessage.getDescriptor(), "id", 1, Type.INT64);
    assertField(ServerOriginatedMessage.getDescriptor(), "id", 1, Type.INT64);
  }

  @Test
  void clientEnvelopeHoldsExactlyTheSupportedRequestsAtIterm2Numbers() {
    Descriptor d = ClientOriginatedMessage.getDescriptor();
    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("get_buffer_request", 100);
    expected.put("get_prompt_request", 101);
    expected.put("notification_request", 103);
    expected.put("set_profile_property_request", 105);
    expected.put("list_sessions_request", 106);
    expected.put("send_text_request", 107);
    expected.put("create_tab_request", 108);
    expected.put("split_pane_request", 109);
    expected.put("get_profile_property_request", 110);
    expected.put("inject_request", 113);
    expected.put("activate_request", 114);
    expected.put("variable_request", 115);
    expected.put("focus_request", 117);
    expected.put("list_profiles_request", 118);
    expected.put("server_originated_rpc_result_request", 119);
    expected.put("get_broadcast_domains_request", 123);
    expected.put("tmux_request", 124);
    expected.put("reorder_tabs_request", 125);
    expected.put("set_tab_layout_request", 122);
    expected.put("preferences_request", 126);
    expected.put("color_preset_request", 127);
    expected.put("set_broadcast_domains_request", 130);
    expected.put("close_request", 131);
    expected.put("invoke_function_request", 132);
    expected.put("list_prompts_request", 133);
    expected.put("menu_item_request", 121);
    expected.put("selection_request", 128);

    Map<String, Integer> actual = new LinkedHashMap<>();
    d.getOneofs().get(0).getFields().forEach(f -> actual.put(f.getName(), f.getNumber()));
    assertThat(d.getOneofs().get(0).getName()).isEqualTo("submessage");
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void serverEnvelopeHoldsErrorResponsesAndNotification() {
    Descriptor d = ServerOriginatedMessage.getDescriptor();
    assertField(d, "error", 2, Type.STRING);
    assertMessageField(d, "notification", 1000, Notification.getDescriptor());
    assertMessageField(d, "get_buffer_response", 100, GetBufferResponse.getDescriptor());
    assertMessageField(d, "notification_response", 103, NotificationResponse.getDescriptor());
    assertMessageField(d, "list_sessions_response", 106, ListSessionsResponse.getDescriptor());
    assertMessageField(d, "send_text_response", 107, SendTextResponse.getDescriptor());
    assertMessageField(d, "create_tab_response", 108, CreateTabResponse.getDescriptor());
    assertMessageField(d, "inject_response", 113, InjectResponse.getDescriptor());
    assertMessageField(d, "variable_response", 115, VariableResponse.getDescriptor());
    assertMessageField(d, "focus_response", 117, FocusResponse.getDescriptor());
    assertMessageField(
        d,
        "server_originated_rpc_result_response",
        119,
        ServerOriginatedRPCResultResponse.getDescriptor());
    assertMessageField(
        d, "get_broadcast_domains_response", 123, GetBroadcastDomainsResponse.getDescriptor());
    assertMessageField(d, "close_response", 131, CloseResponse.getDescriptor());
    assertMessageField(d, "tmux_response", 124, TmuxResponse.getDescriptor());
    assertMessageField(d, "invoke_function_response", 132, InvokeFunctionResponse.getDescriptor());
    assertMessageField(d, "set_profile_property_response", 105, SetProfilePropertyResponse.getDescriptor());
    assertMessageField(d, "split_pane_response", 109, SplitPaneResponse.getDescriptor());
    assertMessageField(d, "get_profile_property_response", 110, GetProfilePropertyResponse.getDescriptor());
    assertMessageField(d, "activate_response", 114, ActivateResponse.getDescriptor());
    assertMessageField(d, "list_profiles_response", 118, ListProfilesResponse.getDescriptor());
    assertMessageField(d, "reorder_tabs_response", 125, ReorderTabsResponse.getDescriptor());
    assertMessageField(d, "set_tab_layout_response", 122, org.polybridge.proto.SetTabLayoutResponse.getDescriptor());
    assertMessageField(d, "preferences_response", 126, PreferencesResponse.getDescriptor());
    assertMessageField(d, "color_preset_response", 127, ColorPresetResponse.getDescriptor());
    assertMessageField(d, "set_broadcast_domains_response", 130, SetBroadcastDomainsResponse.getDescriptor());
    assertMessageField(d, "get_prompt_response", 101, GetPromptResponse.getDescriptor());
    assertMessageField(d, "list_prompts_response", 133, ListPromptsResponse.getDescriptor());
    assertMessageField(d, "menu_item_response", 121, MenuItemResponse.getDescriptor());
    assertMessageField(d, "selection_response", 128, SelectionResponse.getDescriptor());
    assertThat(d.getOneofs().get(0).getFields()).hasSize(29);
    assertOneof(d, "submessage", "error", "notification", "invoke_function_response");
  }

  @Test
  void unsupportedRequestNumbersParseAsAnUnsetOneof() throws Exception {
    // 111 (set property) with an empty body: the server must see "no submessage", not a failure.
    byte[] wire = {0x08, 0x01, (byte) 0xFA, 0x06, 0x00};
    ClientOriginatedMessage m = ClientOriginatedMessage.parseFrom(wire);
    assertThat(m.getId()).isEqualTo(1);
    assertThat(m.getSubmessageCase())
        .isEqualTo(ClientOriginatedMessage.SubmessageCase.SUBMESSAGE_NOT_SET);
    assertThat(m.getUnknownFields().hasField(111)).isTrue();
  }

  @Test
  void tmuxRequestAndResponseUseFieldNumbersOfTheWire() {
    Descriptor request = TmuxRequest.getDescriptor();
    assertMessageField(request, "list_connections", 1, TmuxRequest.ListConnections.getDescriptor());
    assertMessageField(request, "send_command", 2, TmuxRequest.SendCommand.getDescriptor());
    assertMessageField(request, "set_window_visible", 3, TmuxRequest.SetWindowVisible.getDescriptor());
    assertMessageField(request, "create_window", 4, TmuxRequest.CreateWindow.getDescriptor());
    assertOneof(request, "payload", "list_connections", "send_command", "set_window_visible", "create_window");
    assertField(TmuxRequest.SendCommand.getDescriptor(), "connection_id", 1, Type.STRING);
    assertField(TmuxRequest.SendCommand.getDescriptor(), "command", 2, Type.STRING);
    assertField(TmuxRequest.SetWindowVisible.getDescriptor(), "window_id", 2, Type.STRING);
    assertField(TmuxRequest.SetWindowVisible.getDescriptor(), "visible", 3, Type.BOOL);
    assertField(TmuxRequest.CreateWindow.getDescriptor(), "affinity", 2, Type.STRING);

    Descriptor response = TmuxResponse.getDescriptor();
    assertMessageField(response, "list_connections", 1, TmuxResponse.ListConnections.getDescriptor());
    assertMessageField(response, "send_command", 2, TmuxResponse.SendCommand.getDescriptor());
    assertMessageField(response, "set_window_visible", 3, TmuxResponse.SetWindowVisible.getDescriptor());
    assertMessageField(response, "create_window", 5, TmuxResponse.CreateWindow.getDescriptor());
    assertField(response, "status", 4, Type.ENUM);
    assertField(TmuxResponse.ListConnections.Connection.getDescriptor(), "owning_session_id", 2, Type.STRING);
    assertField(TmuxResponse.SendCommand.getDescriptor(), "output", 1, Type.STRING);
    assertField(TmuxResponse.CreateWindow.getDescriptor(), "tab_id", 1, Type.STRING);
    assertThat(TmuxResponse.Status.INVALID_WINDOW_ID.getNumber()).isEqualTo(3);
  }

  @Test
  void notificationRequestUsesFieldNumbersOfTheWire() {
    Descriptor d = NotificationRequest.getDescriptor();
    assertField(d, "session", 1, Type.STRING);
    assertField(d, "subscribe", 2, Type.BOOL);
    assertField(d, "notification_type", 3, Type.ENUM);
    assertMessageField(d, "rpc_registration_request", 4, RPCRegistrationRequest.getDescriptor());
    assertMessageField(
        d, "keystroke_monitor_request", 5, KeystrokeMonitorRequest.getDescriptor());
    assertMessageField(d, "variable_monitor_request", 6, VariableMonitorRequest.getDescriptor());
    assertMessageField(d, "profile_change_request", 7, ProfileChangeRequest.getDescriptor());
    assertMessageField(d, "keystroke_filter_request", 8, KeystrokeFilterRequest.getDescriptor());
    assertMessageField(d, "prompt_monitor_request", 9, PromptMonitorRequest.getDescriptor());
    assertOneof(
        d,
        "arguments",
        "rpc_registration_request",
        "keystroke_monitor_request",
        "variable_monitor_request",
        "profile_change_request",
        "keystroke_filter_request",
        "prompt_monitor_request");
    assertField(NotificationResponse.getDescriptor(), "status", 1, Type.ENUM);
  }

  @Test
  void rpcRegistrationRequestUsesFieldNumbersOfTheWire() {
    Descriptor d = RPCRegistrationRequest.getDescriptor();
    assertField(d, "name", 1, Type.STRING);
    assertMessageField(
        d, "arguments", 2, RPCRegistrationRequest.RPCArgumentSignature.getDescriptor());
    assertThat(field(d, "arguments").isRepeated()).isTrue();
    assertField(d, "timeout", 3, Type.FLOAT);
    assertMessageField(d, "defaults", 4, RPCRegistrationRequest.RPCArgument.getDescriptor());
    assertThat(field(d, "defaults").isRepeated()).isTrue();
    assertField(d, "role", 5, Type.ENUM);
    assertThat(field(d, "role").getDefaultValue())
        .isEqualTo(RPCRegistrationRequest.Role.GENERIC.getValueDescriptor());
    assertField(d, "display_name", 6, Type.STRING);
    assertMessageField(
        d,
        "session_title_attributes",
        7,
        RPCRegistrationRequest.SessionTitleAttributes.getDescriptor());
    assertMessageField(
        d,
        "status_bar_component_attributes",
        8,
        RPCRegistrationRequest.StatusBarComponentAttributes.getDescriptor());
    assertOneof(
        d, "RoleSpecificAttributes", "session_title_attributes", "status_bar_component_attributes");

    assertField(RPCRegistrationRequest.RPCArgumentSignature.getDescriptor(), "name", 1, Type.STRING);
    assertField(RPCRegistrationRequest.RPCArgument.getDescriptor(), "name", 1, Type.STRING);
    assertField(RPCRegistrationRequest.RPCArgument.getDescriptor(), "path", 2, Type.STRING);
    Descriptor title = RPCRegistrationRequest.SessionTitleAttributes.getDescriptor();
    assertField(title, "display_name", 1, Type.STRING);
    assertField(title, "unique_identifier", 6, Type.STRING);
    Descriptor bar = RPCRegistrationRequest.StatusBarComponentAttributes.getDescriptor();
    assertField(bar, "short_description", 1, Type.STRING);
    assertField(bar, "detailed_description", 2, Type.STRING);
    assertField(bar, "knobs", 3, Type.MESSAGE);
    assertField(bar, "exemplar", 4, Type.STRING);
    assertField(bar, "update_cadence", 5, Type.FLOAT);
    assertField(bar, "unique_identifier", 6, Type.STRING);
    assertField(bar, "icons", 7, Type.MESSAGE);
  }

  @Test
  void serverOriginatedRpcMessagesUseFieldNumbersOfTheWire() {
    Descriptor notification = ServerOriginatedRPCNotification.getDescriptor();
    assertField(notification, "request_id", 1, Type.STRING);
    assertMessageField(notification, "rpc", 2, ServerOriginatedRPC.getDescriptor());

    Descriptor rpc = ServerOriginatedRPC.getDescriptor();
    assertField(rpc, "name", 2, Type.STRING);
    assertMessageField(rpc, "arguments", 3, ServerOriginatedRPC.RPCArgument.getDescriptor());
    assertThat(field(rpc, "arguments").isRepeated()).isTrue();
    assertThat(rpc.findFieldByNumber(1)).isNull();

    Descriptor argument = ServerOriginatedRPC.RPCArgument.getDescriptor();
    assertField(argument, "name", 1, Type.STRING);
    assertField(argument, "json_value", 2, Type.STRING);

    Descriptor result = ServerOriginatedRPCResultRequest.getDescriptor();
    assertField(result, "request_id", 1, Type.STRING);
    assertField(result, "json_exception", 2, Type.STRING);
    assertField(result, "json_value", 3, Type.STRING);
    assertOneof(result, "result", "json_exception", "json_value");
    assertThat(ServerOriginatedRPCResultResponse.getDescriptor().getFields()).isEmpty();
  }

  @Test
  void invokeFunctionRequestUsesFieldNumbersOfTheWire() {
    Descriptor d = InvokeFunctionRequest.getDescriptor();
    assertMessageField(d, "tab", 1, InvokeFunctionRequest.Tab.getDescriptor());
    assertMessageField(d, "session", 2, InvokeFunctionRequest.Session.getDescriptor());
    assertMessageField(d, "window", 3, InvokeFunctionRequest.Window.getDescriptor());
    assertMessageField(d, "app", 4, InvokeFunctionRequest.App.getDescriptor());
    assertMessageField(d, "method", 7, InvokeFunctionRequest.Method.getDescriptor());
    assertOneof(d, "context", "tab", "session", "window", "app", "method");
    assertField(d, "invocation", 5, Type.STRING);
    assertField(d, "timeout", 6, Type.DOUBLE);
    assertThat(InvokeFunctionRequest.getDefaultInstance().getTimeout()).isEqualTo(-1.0);

    assertField(InvokeFunctionRequest.Tab.getDescriptor(), "tab_id", 1, Type.STRING);
    assertField(InvokeFunctionRequest.Session.getDescriptor(), "session_id", 1, Type.STRING);
    assertField(InvokeFunctionRequest.Window.getDescriptor(), "window_id", 1, Type.STRING);
    assertField(InvokeFunctionRequest.Method.getDescriptor(), "receiver", 1, Type.STRING);
  }

  @Test
  void invokeFunctionResponseUsesFieldNumbersOfTheWire() {
    Descriptor d = InvokeFunctionResponse.getDescriptor();
    assertMessageField(d, "error", 1, InvokeFunctionResponse.Error.getDescriptor());
    assertMessageField(d, "success", 2, InvokeFunctionResponse.Success.getDescriptor());
    assertOneof(d, "disposition", "error", "success");
    assertField(InvokeFunctionResponse.Error.getDescriptor(), "status", 1, Type.ENUM);
    assertField(InvokeFunctionResponse.Error.getDescriptor(), "error_reason", 2, Type.STRING);
    assertField(InvokeFunctionResponse.Success.getDescriptor(), "json_result", 1, Type.STRING);
  }

  @Test
  void variableRequestAndResponseUseFieldNumbersOfTheWire() {
    Descriptor d = VariableRequest.getDescriptor();
    assertField(d, "session_id", 1, Type.STRING);
    assertField(d, "tab_id", 4, Type.STRING);
    assertField(d, "app", 5, Type.BOOL);
    assertField(d, "window_id", 6, Type.STRING);
    assertOneof(d, "scope", "session_id", "tab_id", "app", "window_id");
    assertMessageField(d, "set", 2, VariableRequest.Set.getDescriptor());
    assertThat(field(d, "set").isRepeated()).isTrue();
    assertField(d, "get", 3, Type.STRING);
    assertThat(field(d, "get").isRepeated()).isTrue();
    assertField(VariableRequest.Set.getDescriptor(), "name", 1, Type.STRING);
    assertField(VariableRequest.Set.getDescriptor(), "value", 2, Type.STRING);

    Descriptor r = VariableResponse.getDescriptor();
    assertField(r, "status", 1, Type.ENUM);
    assertField(r, "values", 2, Type.STRING);
    assertThat(field(r, "values").isRepeated()).isTrue();

    Descriptor monitor = VariableMonitorRequest.getDescriptor();
    assertField(monitor, "name", 1, Type.STRING);
    assertField(monitor, "scope", 2, Type.ENUM);
    assertField(monitor, "identifier", 3, Type.STRING);

    Descriptor changed = VariableChangedNotification.getDescriptor();
    assertField(changed, "scope", 1, Type.ENUM);
    assertField(changed, "identifier", 2, Type.STRING);
    assertField(changed, "name", 3, Type.STRING);
    assertField(changed, "json_new_value", 4, Type.STRING);
  }

  @Test
  void notificationCarriesEachKindAtItsWireNumber() {
    Descriptor d = Notification.getDescriptor();
    assertMessageField(d, "keystroke_notification", 1, KeystrokeNotification.getDescriptor());
    assertMessageField(
        d, "screen_update_notification", 2, ScreenUpdateNotification.getDescriptor());
    assertMessageField(d, "prompt_notification", 3, PromptNotification.getDescriptor());
    assertMessageField(
        d, "location_change_notification", 4, LocationChangeNotification.getDescriptor());
    assertMessageField(
        d,
        "custom_escape_sequence_notification",
        5,
        CustomEscapeSequenceNotification.getDescriptor());
    assertMessageField(d, "new_session_notification", 6, NewSessionNotification.getDescriptor());
    assertMessageField(
        d, "terminate_session_notification", 7, TerminateSessionNotification.getDescriptor());
    assertMessageField(
        d, "layout_changed_notification", 8, LayoutChangedNotification.getDescriptor());
    assertMessageField(
        d, "focus_changed_notification", 9, FocusChangedNotification.getDescriptor());
    assertMessageField(
        d,
        "server_originated_rpc_notification",
        10,
        ServerOriginatedRPCNotification.getDescriptor());
    assertMessageField(
        d, "broadcast_domains_changed", 11, BroadcastDomainsChangedNotification.getDescriptor());
    assertMessageField(
        d, "variable_changed_notification", 12, VariableChangedNotification.getDescriptor());
    assertMessageField(
        d, "profile_changed_notification", 13, ProfileChangedNotification.getDescriptor());

    Descriptor custom = CustomEscapeSequenceNotification.getDescriptor();
    assertField(custom, "session", 1, Type.STRING);
    assertField(custom, "sender_identity", 2, Type.STRING);
    assertField(custom, "payload", 3, Type.STRING);
    assertField(NewSessionNotification.getDescriptor(), "session_id", 1, Type.STRING);
    assertField(TerminateSessionNotification.getDescriptor(), "session_id", 1, Type.STRING);
    assertMessageField(
        LayoutChangedNotification.getDescriptor(),
        "list_sessions_response",
        1,
        ListSessionsResponse.getDescriptor());
  }

  @Test
  void createTabResponseTabIdIsAnInt32() {
    assertField(CreateTabResponse.getDescriptor(), "tab_id", 3, Type.INT32);
    assertField(CreateTabResponse.getDescriptor(), "window_id", 2, Type.STRING);
    assertField(CreateTabResponse.getDescriptor(), "session_id", 4, Type.STRING);
    assertField(CreateTabRequest.getDescriptor(), "tab_index", 3, Type.UINT32);
  }

  @Test
  void listSessionsTabKeepsItsWireNumbers() {
    Descriptor tab = ListSessionsResponse.Tab.getDescriptor();
    assertMessageField(tab, "root", 3, SplitTreeNode.getDescriptor());
    assertField(tab, "tab_id", 2, Type.STRING);
    assertField(tab, "tmux_window_id", 4, Type.STRING);
    assertField(tab, "tmux_connection_id", 5, Type.STRING);
    assertMessageField(tab, "minimized_sessions", 6, SessionSummary.getDescriptor());
    assertField(GetBufferResponse.getDescriptor(), "contents", 3, Type.MESSAGE);
    assertField(Coord.getDescriptor(), "x", 1, Type.INT32);
    assertField(Coord.getDescriptor(), "y", 2, Type.INT64);
  }

  @Test
  void enumsKeepTheValuesOfTheWire() {
    Map<String, Integer> types = new LinkedHashMap<>();
    types.put("NOTIFY_ON_KEYSTROKE", 1);
    types.put("NOTIFY_ON_SCREEN_UPDATE", 2);
    types.put("NOTIFY_ON_PROMPT", 3);
    types.put("NOTIFY_ON_LOCATION_CHANGE", 4);
    types.put("NOTIFY_ON_CUSTOM_ESCAPE_SEQUENCE", 5);
    types.put("NOTIFY_ON_NEW_SESSION", 6);
    types.put("NOTIFY_ON_TERMINATE_SESSION", 7);
    types.put("NOTIFY_ON_LAYOUT_CHANGE", 8);
    types.put("NOTIFY_ON_FOCUS_CHANGE", 9);
    types.put("NOTIFY_ON_SERVER_ORIGINATED_RPC", 10);
    types.put("NOTIFY_ON_BROADCAST_CHANGE", 11);
    types.put("NOTIFY_ON_VARIABLE_CHANGE", 12);
    types.put("NOTIFY_ON_PROFILE_CHANGE", 13);
    types.put("KEYSTROKE_FILTER", 14);
    assertThat(values(NotificationType.getDescriptor())).containsExactlyInAnyOrderEntriesOf(types);

    assertThat(values(NotificationResponse.Status.getDescriptor()))
        .containsExactlyEntriesOf(
            ordered(
                "OK", 0,
                "SESSION_NOT_FOUND", 1,
                "REQUEST_MALFORMED", 2,
                "NOT_SUBSCRIBED", 3,
                "ALREADY_SUBSCRIBED", 4,
                "DUPLICATE_SERVER_ORIGINATED_RPC", 5,
                "INVALID_IDENTIFIER", 6));
    assertThat(values(InvokeFunctionResponse.Status.getDescriptor()))
        .containsExactlyEntriesOf(
            ordered("TIMEOUT", 1, "FAILED", 2, "REQUEST_MALFORMED", 3, "INVALID_ID", 4));
    assertThat(values(VariableScope.getDescriptor()))
        .containsExactlyEntriesOf(ordered("SESSION", 1, "TAB", 2, "WINDOW", 3, "APP", 4));
    assertThat(values(RPCRegistrationRequest.Role.getDescriptor()))
        .containsExactlyEntriesOf(
            ordered("GENERIC", 1, "SESSION_TITLE", 2, "STATUS_BAR_COMPONENT", 3, "CONTEXT_MENU", 4));
    assertThat(values(VariableResponse.Status.getDescriptor()))
        .containsExactlyEntriesOf(
            ordered(
                "OK", 0,
                "SESSION_NOT_FOUND", 1,
                "INVALID_NAME", 2,
                "MISSING_SCOPE", 3,
                "TAB_NOT_FOUND", 4,
                "MULTI_GET_DISALLOWED", 5,
                "WINDOW_NOT_FOUND", 6));
    assertThat(values(CreateTabResponse.Status.getDescriptor()))
        .containsExactlyEntriesOf(
            ordered(
                "OK", 0,
                "INVALID_PROFILE_NAME", 1,
                "INVALID_WINDOW_ID", 2,
                "INVALID_TAB_INDEX", 3,
                "MISSING_SUBSTITUTION", 4));
    assertThat(values(CloseResponse.Status.getDescriptor()))
        .containsExactlyEntriesOf(ordered("OK", 0, "NOT_FOUND", 1, "USER_DECLINED", 2));
  }

  @Test
  void invokeFunctionRequestEncodesToTheExactWireBytes() {
    ClientOriginatedMessage message =
        ClientOriginatedMessage.newBuilder()
            .setId(7)
            .setInvokeFunctionRequest(InvokeFunctionRequest.newBuilder().setInvocation("f()"))
            .build();

    // id: tag (1<<3)|0 = 0x08, value 7.
    // invoke_function_request: tag (132<<3)|2 = 1058 -> varint 0xA2 0x08, length 5.
    //   invocation: tag (5<<3)|2 = 0x2A, length 3, "f()" = 0x66 0x28 0x29.
    // timeout is unset (its -1 is only a default), so it is not written.
    byte[] expected = {0x08, 0x07, (byte) 0xA2, 0x08, 0x05, 0x2A, 0x03, 0x66, 0x28, 0x29};
    assertThat(message.toByteArray()).containsExactly(expected);
  }

  @Test
  void encodedInvokeFunctionRequestDecodesBackToTheSameMessage() throws Exception {
    byte[] wire = {0x08, 0x07, (byte) 0xA2, 0x08, 0x05, 0x2A, 0x03, 0x66, 0x28, 0x29};
    ClientOriginatedMessage decoded = ClientOriginatedMessage.parseFrom(wire);
    assertThat(decoded.getId()).isEqualTo(7);
    assertThat(decoded.getSubmessageCase())
        .isEqualTo(ClientOriginatedMessage.SubmessageCase.INVOKE_FUNCTION_REQUEST);
    assertThat(decoded.getInvokeFunctionRequest().getInvocation()).isEqualTo("f()");
    assertThat(decoded.getInvokeFunctionRequest().hasTimeout()).isFalse();
  }

  private static Map<String, Integer> ordered(Object... pairs) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Integer) pairs[i + 1]);
    }
    return m;
  }

  @Test
  void selectionsAndMenuItemsKeepIterm2sNumbers() {
    assertMessageField(SubSelection.getDescriptor(), "windowed_coord_range", 1, WindowedCoordRange.getDescriptor());
    assertField(SubSelection.getDescriptor(), "selection_mode", 2, Type.ENUM);
    assertField(SubSelection.getDescriptor(), "connected", 3, Type.BOOL);
    assertMessageField(Selection.getDescriptor(), "sub_selections", 1, SubSelection.getDescriptor());
    assertThat(SelectionMode.BOX.getNumber()).isEqualTo(4);
    assertThat(SelectionMode.WHOLE_LINE.getNumber()).isEqualTo(5);
    assertMessageField(SelectionRequest.getDescriptor(), "get_selection_request", 1,
        SelectionRequest.GetSelectionRequest.getDescriptor());
    assertMessageField(SelectionRequest.getDescriptor(), "set_selection_request", 2,
        SelectionRequest.SetSelectionRequest.getDescriptor());
    assertMessageField(SelectionRequest.SetSelectionRequest.getDescriptor(), "selection", 2, Selection.getDescriptor());
    assertMessageField(SelectionResponse.getDescriptor(), "get_selection_response", 2,
        SelectionResponse.GetSelectionResponse.getDescriptor());
    assertThat(SelectionResponse.Status.INVALID_RANGE.getNumber()).isEqualTo(2);
    assertField(MenuItemRequest.getDescriptor(), "identifier", 1, Type.STRING);
    assertField(MenuItemRequest.getDescriptor(), "query_only", 2, Type.BOOL);
    assertThat(MenuItemResponse.Status.BAD_IDENTIFIER.getNumber()).isEqualTo(1);
    assertField(MenuItemResponse.getDescriptor(), "enabled", 3, Type.BOOL);
  }
}
