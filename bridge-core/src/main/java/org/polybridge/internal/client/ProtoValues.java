package org.polybridge.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.polybridge.proto.ClientOriginatedMessage;
import org.polybridge.proto.ServerOriginatedMessage;

/**
 * Protocol messages as values of the bridge's JSON model and back, by the schema's field names
 * ({@code snake_case}, as iTerm2's own Python library spells them): messages are maps of the
 * fields that are set, repeated fields lists, enums their names, 64-bit integers {@code Long},
 * bytes Latin-1 strings (one char per byte). The guest libraries build requests this way, so a
 * request they make is the message iTerm2's library would send.
 */
public final class ProtoValues {
  private ProtoValues() {}

  /**
   * Builds the schema's descriptors and readies the messages a script's start exchanges (its app's
   * windows, focus and broadcast domains) by converting one of each both ways. Their first use costs
   * a fraction of a second of CPU (the file descriptor, the accessor tables by reflection): the
   * script loader pays it on its own thread while the first script's context starts on another, so
   * that the first script's first request does not.
   */
  public static void warmUp() {
    for (String name : List.of("list_sessions", "focus", "get_broadcast_domains")) {
      toValue(fill(ClientOriginatedMessage.newBuilder(), Map.of(name + "_request", Map.of())).build());
      toValue(fill(ServerOriginatedMessage.newBuilder(), Map.of(name + "_response", Map.of())).build());
    }
  }

  /** The fields of {@code message} that are set, as a map. */
  public static Map<String, Object> toValue(Message message) {
    Map<String, Object> map = new LinkedHashMap<>();
    message.getAllFields().forEach((field, value) -> {
      if (field.isRepeated()) {
        List<Object> list = new ArrayList<>();
        for (Object element : (List<?>) value) {
          list.add(single(field, element));
        }
        map.put(field.getName(), list);
      } else {
        map.put(field.getName(), single(field, value));
      }
    });
    return map;
  }

  /**
   * Fills {@code builder} from a map such as {@link #toValue} makes.
   *
   * @throws IllegalArgumentException naming the field when a name is not one of the message's or
   *     a value does not fit its field
   */
  public static <B extends Message.Builder> B fill(B builder, Map<?, ?> value) {
    for (Map.Entry<?, ?> entry : value.entrySet()) {
      String name = String.valueOf(entry.getKey());
      FieldDescriptor field = builder.getDescriptorForType().findFieldByName(name);
      if (field == null) {
        throw new IllegalArgumentException(builder.getDescriptorForType().getName() + " has no field '" + name + "'");
      }
      if (entry.getValue() == null) {
        continue;
      }
      if (field.isRepeated()) {
        if (!(entry.getValue() instanceof List<?> list)) {
          throw new IllegalArgumentException(name + " : " + entry.getValue() + " (expected: a list)");
        }
        for (Object element : list) {
          builder.addRepeatedField(field, convert(builder, field, element));
        }
      } else {
        builder.setField(field, convert(builder, field, entry.getValue()));
      }
    }
    return builder;
  }

  private static Object single(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> toValue((Message) value);
      case ENUM -> ((EnumValueDescriptor) value).getName();
      case BYTE_STRING -> ((ByteString) value).toString(StandardCharsets.ISO_8859_1);
      case INT -> ((Integer) value).longValue();
      case FLOAT -> ((Float) value).doubleValue();
      default -> value;
    };
  }

  private static Object convert(Message.Builder builder, FieldDescriptor field, Object value) {
    try {
      return switch (field.getJavaType()) {
        case MESSAGE -> fill(builder.newBuilderForField(field), (Map<?, ?>) value).build();
        case ENUM -> {
          EnumValueDescriptor e = value instanceof Number n
              ? field.getEnumType().findValueByNumber(n.intValue())
              : field.getEnumType().findValueByName(String.valueOf(value));
          if (e == null) {
            throw new IllegalArgumentException(field.getName() + " : " + value + " (expected: one of "
                + field.getEnumType().getValues().stream().map(EnumValueDescriptor::getName).toList() + ")");
          }
          yield e;
        }
        case BYTE_STRING -> ByteString.copyFrom(((String) value).getBytes(StandardCharsets.ISO_8859_1));
        case INT -> Math.toIntExact(((Number) value).longValue());
        case LONG -> ((Number) value).longValue();
        case FLOAT -> ((Number) value).floatValue();
        case DOUBLE -> ((Number) value).doubleValue();
        case BOOLEAN -> (Boolean) value;
        case STRING -> (String) value;
      };
    } catch (ClassCastException | ArithmeticException e) {
      throw new IllegalArgumentException(field.getName() + " : " + value + " (expected: a " + field.getJavaType()
          .name().toLowerCase(java.util.Locale.ROOT) + ")");
    }
  }
}
