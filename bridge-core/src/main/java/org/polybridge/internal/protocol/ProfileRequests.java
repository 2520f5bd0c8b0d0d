package org.polybridge.internal.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.polybridge.host.App;
import org.polybridge.host.Profile;
import org.polybridge.host.Session;
import org.polybridge.json.Json;
import org.polybridge.proto.ColorPresetRequest;
import org.polybridge.proto.ColorPresetResponse;
import org.polybridge.proto.GetProfilePropertyRequest;
import org.polybridge.proto.GetProfilePropertyResponse;
import org.polybridge.proto.ListProfilesRequest;
import org.polybridge.proto.ListProfilesResponse;
import org.polybridge.proto.PreferencesRequest;
import org.polybridge.proto.PreferencesResponse;
import org.polybridge.proto.ProfileProperty;
import org.polybridge.proto.ServerOriginatedMessage;
import org.polybridge.proto.SetProfilePropertyRequest;
import org.polybridge.proto.SetProfilePropertyResponse;

/**
 * Profiles and colour presets over the protocol. A change to a session's profile that a terminal
 * can show is sent to the session's terminal as its control sequence ({@link ProfileKeys#sequence});
 * a change to a named profile reaches the live sessions opened with it too, as in iTerm2.
 */
final class ProfileRequests {
  private ProfileRequests() {}

  static ServerOriginatedMessage.Builder set(App app, SetProfilePropertyRequest request) {
    Map<String, Object> assignments = new LinkedHashMap<>();
    try {
      if (request.hasKey()) {
        assignments.put(request.getKey(), parse(request.getKey(), request.getJsonValue()));
      }
      for (SetProfilePropertyRequest.Assignment a : request.getAssignmentsList()) {
        assignments.put(a.getKey(), parse(a.getKey(), a.getJsonValue()));
      }
      assignments.replaceAll(ProfileKeys::checked);
    } catch (IllegalArgumentException e) {
      return ServerOriginatedMessage.newBuilder().setError(e.getMessage());
    }
    SetProfilePropertyResponse.Builder response = SetProfilePropertyResponse.newBuilder();
    switch (request.getTargetCase()) {
      case SESSION -> {
        List<Session> sessions = "all".equals(request.getSession()) ? app.sessions() : app.session(request.getSession()).stream().toList();
        if (sessions.isEmpty()) {
          return wrap(response.setStatus(SetProfilePropertyResponse.Status.SESSION_NOT_FOUND));
        }
        sessions.forEach(s -> apply(s, assignments));
      }
      case GUID_LIST -> {
        List<Profile> profiles = new ArrayList<>();
        for (String guid : request.getGuidList().getGuidsList()) {
          Optional<Profile> p = app.profiles().byGuid(guid);
          if (p.isEmpty()) {
            return wrap(response.setStatus(SetProfilePropertyResponse.Status.BAD_GUID));
          }
          profiles.add(p.get());
        }
        for (Profile p : profiles) {
          assignments.forEach(p::set);
          for (Session s : app.sessions()) {
            if (s.profile().guid().equals(p.guid())) {
              apply(s, assignments);
            }
          }
        }
      }
      case TARGET_NOT_SET -> {
        return wrap(response.setStatus(SetProfilePropertyResponse.Status.REQUEST_MALFORMED));
      }
    }
    return wrap(response.setStatus(SetProfilePropertyResponse.Status.OK));
  }

  static ServerOriginatedMessage.Builder get(App app, GetProfilePropertyRequest request) {
    GetProfilePropertyResponse.Builder response = GetProfilePropertyResponse.newBuilder();
    Optional<Session> session = app.session(request.getSession());
    if (session.isEmpty()) {
      response.setStatus(GetProfilePropertyResponse.Status.SESSION_NOT_FOUND);
    } else {
      properties(session.get().profile(), request.getKeysList()).forEach(response::addProperties);
      response.setStatus(GetProfilePropertyResponse.Status.OK);
    }
    return ServerOriginatedMessage.newBuilder().setGetProfilePropertyResponse(response);
  }

  static ServerOriginatedMessage.Builder list(App app, ListProfilesRequest request) {
    ListProfilesResponse.Builder response = ListProfilesResponse.newBuilder();
    for (Profile p : app.profiles().list()) {
      if (request.getGuidsCount() == 0 || request.getGuidsList().contains(p.guid())) {
        response.addProfiles(ListProfilesResponse.Profile.newBuilder().addAllProperties(properties(p, request.getPropertiesList())));
      }
    }
    return ServerOriginatedMessage.newBuilder().setListProfilesResponse(response);
  }

  /** Preferences: the default profile is served; other preferences are not kept (unset, not settable). */
  static ServerOriginatedMessage.Builder preferences(App app, PreferencesRequest request) {
    PreferencesResponse.Builder response = PreferencesResponse.newBuilder();
    for (PreferencesRequest.Request r : request.getRequestsList()) {
      PreferencesResponse.Result.Builder result = PreferencesResponse.Result.newBuilder();
      switch (r.getRequestCase()) {
        case SET_DEFAULT_PROFILE_REQUEST -> {
          Optional<Profile> p = app.profiles().byGuid(r.getSetDefaultProfileRequest().getGuid());
          p.ifPresent(app.profiles()::setDefault);
          result.setSetDefaultProfileResult(PreferencesResponse.Result.SetDefaultProfileResult.newBuilder().setStatus(p.isPresent()
              ? PreferencesResponse.Result.SetDefaultProfileResult.Status.OK
              : PreferencesResponse.Result.SetDefaultProfileResult.Status.BAD_GUID));
        }
        case GET_DEFAULT_PROFILE_REQUEST -> result.setGetDefaultProfileResult(
            PreferencesResponse.Result.GetDefaultProfileResult.newBuilder().setGuid(app.profiles().defaultProfile().guid()));
        case GET_PREFERENCE_REQUEST -> result.setGetPreferenceResult(PreferencesResponse.Result.GetPreferenceResult.getDefaultInstance());
        default -> result.setUnrecognizedRequest(PreferencesResponse.Result.UnrecognizedResult.getDefaultInstance());
      }
      response.addResults(result);
    }
    return ServerOriginatedMessage.newBuilder().setPreferencesResponse(response);
  }

  static ServerOriginatedMessage.Builder colorPreset(ColorPresetRequest request) {
    ColorPresetResponse.Builder response = ColorPresetResponse.newBuilder();
    switch (request.getRequestCase()) {
      case LIST_PRESETS -> response.setListPresets(ColorPresetResponse.ListPresets.newBuilder().addAllName(ProfileKeys.presetNames()))
          .setStatus(ColorPresetResponse.Status.OK);
      case GET_PRESET -> {
        Optional<Map<String, Object>> preset = ProfileKeys.preset(request.getGetPreset().getName());
        if (preset.isEmpty()) {
          response.setStatus(ColorPresetResponse.Status.PRESET_NOT_FOUND);
        } else {
          ColorPresetResponse.GetPreset.Builder get = ColorPresetResponse.GetPreset.newBuilder();
          preset.get().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Map<?, ?> c = (Map<?, ?>) e.getValue();
            get.addColorSettings(ColorPresetResponse.GetPreset.ColorSetting.newBuilder().setKey(e.getKey())
                .setRed(component(c, "Red Component")).setGreen(component(c, "Green Component"))
                .setBlue(component(c, "Blue Component")).setAlpha(component(c, "Alpha Component"))
                .setColorSpace(String.valueOf(c.get("Color Space"))));
          });
          response.setGetPreset(get).setStatus(ColorPresetResponse.Status.OK);
        }
      }
      case REQUEST_NOT_SET -> response.setStatus(ColorPresetResponse.Status.REQUEST_MALFORMED);
    }
    return ServerOriginatedMessage.newBuilder().setColorPresetResponse(response);
  }

  /** Sets properties of a session's profile and shows in its terminal what a terminal can show. */
  static void apply(Session session, Map<String, Object> assignments) {
    Profile profile = session.profile();
    assignments.forEach(profile::set);
    Map<String, Object> now = profile.all();
    java.io.ByteArrayOutputStream sequences = new java.io.ByteArrayOutputStream();
    boolean tabColorShown = false;
    for (Map.Entry<String, Object> a : assignments.entrySet()) {
      boolean tabColor = a.getKey().equals("Tab Color") || a.getKey().equals("Use Tab Color");
      if (tabColor && tabColorShown) {
        continue;
      }
      tabColorShown |= tabColor;
      ProfileKeys.sequence(a.getKey(), a.getValue(), now).ifPresent(sequences::writeBytes);
    }
    if (sequences.size() > 0) {
      session.io().display(sequences.toByteArray());
    }
  }

  private static List<ProfileProperty> properties(Profile profile, List<String> keys) {
    Map<String, Object> all = profile.all();
    List<ProfileProperty> out = new ArrayList<>();
    for (String key : keys.isEmpty() ? all.keySet() : keys) {
      if (all.containsKey(key)) {
        out.add(ProfileProperty.newBuilder().setKey(key).setJsonValue(Json.write(all.get(key))).build());
      }
    }
    return out;
  }

  private static Object parse(String key, String json) {
    try {
      return Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("profile property " + key + " : " + json + " (expected: JSON text; " + e.getMessage() + ")");
    }
  }

  private static float component(Map<?, ?> color, String name) {
    return color.get(name) instanceof Number n ? n.floatValue() : 1f;
  }

  private static ServerOriginatedMessage.Builder wrap(SetProfilePropertyResponse.Builder response) {
    return ServerOriginatedMessage.newBuilder().setSetProfilePropertyResponse(response);
  }
}
