package org.polybridge.host;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.polybridge.internal.protocol.ProfileKeys;

/**
 * The app's named profiles, one of them the default. There is always a profile named {@code
 * "Default"} to begin with, holding {@link ProfileKeys#defaults() the defaults} of every key.
 *
 * <pre>{@code
 * Profile work = app.profiles().define("Work", Map.of("Badge Text", "work"));
 * app.profiles().setDefault(work);
 * }</pre>
 */
public final class Profiles {
  /** The guid of the profile every app starts with, so that scripts may name it across runs. */
  public static final String DEFAULT_GUID = "3A3B2F8E-7C1D-4E55-9A0B-6D2F1C0E5B11";

  private final List<Profile> profiles = new CopyOnWriteArrayList<>();
  private volatile Profile defaultProfile;

  Profiles() {
    defaultProfile = add("Default", DEFAULT_GUID, Map.of());
  }

  /** Every named profile, in the order they were defined. */
  public List<Profile> list() {
    return List.copyOf(profiles);
  }

  public Optional<Profile> named(String name) {
    return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public Optional<Profile> byGuid(String guid) {
    return profiles.stream().filter(p -> p.guid().equals(guid)).findFirst();
  }

  /** The profile new sessions get when none is named. */
  public Profile defaultProfile() {
    return defaultProfile;
  }

  public void setDefault(Profile profile) {
    if (!profiles.contains(profile)) {
      throw new IllegalArgumentException("profile " + profile.name() + " is not one of the app's");
    }
    defaultProfile = profile;
  }

  /**
   * Adds a profile named {@code name}, with a fresh guid, the defaults and then {@code
   * properties}. Fails when the name is taken.
   */
  public synchronized Profile define(String name, Map<String, ?> properties) {
    if (named(name).isPresent()) {
      throw new IllegalArgumentException("profile name " + name + " : taken (expected: a new name)");
    }
    return add(name, UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT), properties);
  }

  private Profile add(String name, String guid, Map<String, ?> properties) {
    Map<String, Object> all = new java.util.HashMap<>(ProfileKeys.defaults());
    all.putAll(properties);
    all.put("Name", name);
    all.put("Guid", guid);
    Profile profile = new Profile(all);
    profiles.add(profile);
    return profile;
  }
}
