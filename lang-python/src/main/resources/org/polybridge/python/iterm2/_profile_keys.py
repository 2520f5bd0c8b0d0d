"""The profile properties of iTerm2's library: each Python name (``tab_color``: a property of
``Profile``, ``set_tab_color`` of the writable profiles), whether its value is a colour, and the
profile key it stands for. Not API: ``iterm2.Profile`` and ``iterm2.LocalWriteOnlyProfile`` read it."""

_TABLE = """
title_components|s|Title Components
use_separate_colors_for_light_and_dark_mode|s|Use Separate Colors for Light and Dark Mode
foreground_color|c|Foreground Color
foreground_color_light|c|Foreground Color (Light)
foreground_color_dark|c|Foreground Color (Dark)
background_color|c|Background Color
background_color_light|c|Background Color (Light)
background_color_dark|c|Background Color (Dark)
bold_color|c|Bold Color
bold_color_light|c|Bold Color (Light)
bold_color_dark|c|Bold Color (Dark)
use_bright_bold|s|Use Bright Bold
use_bright_bold_light|s|Use Bright Bold (Light)
use_bright_bold_dark|s|Use Bright Bold (Dark)
use_bold_color|s|Use Bright Bold
use_bold_color_light|s|Use Bright Bold (Light)
use_bold_color_dark|s|Use Bright Bold (Dark)
brighten_bold_text|s|Brighten Bold Text
brighten_bold_text_light|s|Brighten Bold Text (Light)
brighten_bold_text_dark|s|Brighten Bold Text (Dark)
link_color|c|Link Color
link_color_light|c|Link Color (Light)
link_color_dark|c|Link Color (Dark)
selection_color|c|Selection Color
selection_color_light|c|Selection Color (Light)
selection_color_dark|c|Selection Color (Dark)
selected_text_color|c|Selected Text Color
selected_text_color_light|c|Selected Text Color (Light)
selected_text_color_dark|c|Selected Text Color (Dark)
cursor_color|c|Cursor Color
cursor_color_light|c|Cursor Color (Light)
cursor_color_dark|c|Cursor Color (Dark)
cursor_text_color|c|Cursor Text Color
cursor_text_color_light|c|Cursor Text Color (Light)
cursor_text_color_dark|c|Cursor Text Color (Dark)
ansi_0_color|c|Ansi 0 Color
ansi_0_color_light|c|Ansi 0 Color (Light)
ansi_0_color_dark|c|Ansi 0 Color (Dark)
ansi_1_color|c|Ansi 1 Color
ansi_1_color_light|c|Ansi 1 Color (Light)
ansi_1_color_dark|c|Ansi 1 Color (Dark)
ansi_2_color|c|Ansi 2 Color
ansi_2_color_light|c|Ansi 2 Color (Light)
ansi_2_color_dark|c|Ansi 2 Color (Dark)
ansi_3_color|c|Ansi 3 Color
ansi_3_color_light|c|Ansi 3 Color (Light)
ansi_3_color_dark|c|Ansi 3 Color (Dark)
ansi_4_color|c|Ansi 4 Color
ansi_4_color_light|c|Ansi 4 Color (Light)
ansi_4_color_dark|c|Ansi 4 Color (Dark)
ansi_5_color|c|Ansi 5 Color
ansi_5_color_light|c|Ansi 5 Color (Light)
ansi_5_color_dark|c|Ansi 5 Color (Dark)
ansi_6_color|c|Ansi 6 Color
ansi_6_color_light|c|Ansi 6 Color (Light)
ansi_6_color_dark|c|Ansi 6 Color (Dark)
ansi_7_color|c|Ansi 7 Color
ansi_7_color_light|c|Ansi 7 Color (Light)
ansi_7_color_dark|c|Ansi 7 Color (Dark)
ansi_8_color|c|Ansi 8 Color
ansi_8_color_light|c|Ansi 8 Color (Light)
ansi_8_color_dark|c|Ansi 8 Color (Dark)
ansi_9_color|c|Ansi 9 Color
ansi_9_color_light|c|Ansi 9 Color (Light)
ansi_9_color_dark|c|Ansi 9 Color (Dark)
ansi_10_color|c|Ansi 10 Color
ansi_10_color_light|c|Ansi 10 Color (Light)
ansi_10_color_dark|c|Ansi 10 Color (Dark)
ansi_11_color|c|Ansi 11 Color
ansi_11_color_light|c|Ansi 11 Color (Light)
ansi_11_color_dark|c|Ansi 11 Color (Dark)
ansi_12_color|c|Ansi 12 Color
ansi_12_color_light|c|Ansi 12 Color (Light)
ansi_12_color_dark|c|Ansi 12 Color (Dark)
ansi_13_color|c|Ansi 13 Color
ansi_13_color_light|c|Ansi 13 Color (Light)
ansi_13_color_dark|c|Ansi 13 Color (Dark)
ansi_14_color|c|Ansi 14 Color
ansi_14_color_light|c|Ansi 14 Color (Light)
ansi_14_color_dark|c|Ansi 14 Color (Dark)
ansi_15_color|c|Ansi 15 Color
ansi_15_color_light|c|Ansi 15 Color (Light)
ansi_15_color_dark|c|Ansi 15 Color (Dark)
smart_cursor_color|s|Smart Cursor Color
smart_cursor_color_light|s|Smart Cursor Color (Light)
smart_cursor_color_dark|s|Smart Cursor Color (Dark)
minimum_contrast|s|Minimum Contrast
minimum_contrast_light|s|Minimum Contrast (Light)
minimum_contrast_dark|s|Minimum Contrast (Dark)
tab_color|c|Tab Color
tab_color_light|c|Tab Color (Light)
tab_color_dark|c|Tab Color (Dark)
use_tab_color|s|Use Tab Color
use_tab_color_light|s|Use Tab Color (Light)
use_tab_color_dark|s|Use Tab Color (Dark)
underline_color|c|Underline Color
underline_color_light|c|Underline Color (Light)
underline_color_dark|c|Underline Color (Dark)
use_underline_color|s|Use Underline Color
use_underline_color_light|s|Use Underline Color (Light)
use_underline_color_dark|s|Use Underline Color (Dark)
cursor_boost|s|Cursor Boost
cursor_boost_light|s|Cursor Boost (Light)
cursor_boost_dark|s|Cursor Boost (Dark)
use_cursor_guide|s|Use Cursor Guide
use_cursor_guide_light|s|Use Cursor Guide (Light)
use_cursor_guide_dark|s|Use Cursor Guide (Dark)
cursor_guide_color|c|Cursor Guide Color
cursor_guide_color_light|c|Cursor Guide Color (Light)
cursor_guide_color_dark|c|Cursor Guide Color (Dark)
badge_color|c|Badge Color
badge_color_light|c|Badge Color (Light)
badge_color_dark|c|Badge Color (Dark)
name|s|Name
badge_text|s|Badge Text
subtitle|s|Subtitle
answerback_string|s|Answerback String
blinking_cursor|s|Blinking Cursor
cursor_shadow|s|Cursor Shadow
use_bold_font|s|Use Bold Font
ascii_ligatures|s|ASCII Ligatures
non_ascii_ligatures|s|Non-ASCII Ligatures
blink_allowed|s|Blink Allowed
use_italic_font|s|Use Italic Font
ambiguous_double_width|s|Ambiguous Double Width
horizontal_spacing|s|Horizontal Spacing
vertical_spacing|s|Vertical Spacing
use_non_ascii_font|s|Use Non-ASCII Font
transparency|s|Transparency
blur|s|Blur
blur_radius|s|Blur Radius
background_image_mode|s|Background Image Mode
blend|s|Blend
sync_title|s|Sync Title
use_built_in_powerline_glyphs|s|Draw Powerline Glyphs
disable_window_resizing|s|Disable Window Resizing
allow_change_cursor_blink|s|Allow Change Cursor Blink
only_the_default_bg_color_uses_transparency|s|Only The Default BG Color Uses Transparency
ascii_anti_aliased|s|ASCII Anti Aliased
non_ascii_anti_aliased|s|Non-ASCII Anti Aliased
scrollback_lines|s|Scrollback Lines
unlimited_scrollback|s|Unlimited Scrollback
scrollback_with_status_bar|s|Scrollback With Status Bar
scrollback_in_alternate_screen|s|Scrollback in Alternate Screen
mouse_reporting|s|Mouse Reporting
mouse_reporting_allow_mouse_wheel|s|Mouse Reporting allow mouse wheel
allow_title_reporting|s|Allow Title Reporting
allow_title_setting|s|Allow Title Setting
disable_printing|s|Disable Printing
disable_smcup_rmcup|s|Disable Smcup Rmcup
silence_bell|s|Silence Bell
bm_growl|s|BM Growl
send_bell_alert|s|Send Bell Alert
send_idle_alert|s|Send Idle Alert
send_new_output_alert|s|Send New Output Alert
send_session_ended_alert|s|Send Session Ended Alert
send_terminal_generated_alerts|s|Send Terminal Generated Alerts
flashing_bell|s|Flashing Bell
visual_bell|s|Visual Bell
close_sessions_on_end|s|Close Sessions On End
prompt_before_closing|s|Prompt Before Closing 2
session_close_undo_timeout|s|Session Close Undo Timeout
reduce_flicker|s|Reduce Flicker
send_code_when_idle|s|Send Code When Idle
application_keypad_allowed|s|Application Keypad Allowed
place_prompt_at_first_column|s|Place Prompt at First Column
show_mark_indicators|s|Show Mark Indicators
idle_code|s|Idle Code
idle_period|s|Idle Period
unicode_version|s|Unicode Version
cursor_type|s|Cursor Type
thin_strokes|s|Thin Strokes
unicode_normalization|s|Unicode Normalization
character_encoding|s|Character Encoding
left_option_key_sends|s|Option Key Sends
right_option_key_sends|s|Right Option Key Sends
triggers|s|Triggers
smart_selection_rules|s|Smart Selection Rules
smart_selection_actions_use_interpolated_strings|s|Smart Selection Actions Use Interpolated Strings
semantic_history|s|Semantic History
automatic_profile_switching_rules|s|Bound Hosts
advanced_working_directory_window_setting|s|AWDS Window Option
advanced_working_directory_window_directory|s|AWDS Window Directory
advanced_working_directory_tab_setting|s|AWDS Tab Option
advanced_working_directory_tab_directory|s|AWDS Tab Directory
advanced_working_directory_pane_setting|s|AWDS Pane Option
advanced_working_directory_pane_directory|s|AWDS Pane Directory
normal_font|s|Normal Font
non_ascii_font|s|Non Ascii Font
background_image_location|s|Background Image Location
key_mappings|s|Keyboard Map
touchbar_mappings|s|Touch Bar Map
use_custom_command|s|Custom Command
command|s|Command
initial_directory_mode|s|Custom Directory
custom_directory|s|Working Directory
icon_mode|s|Icon
custom_icon_path|s|Custom Icon Path
badge_top_margin|s|Badge Top Margin
badge_right_margin|s|Badge Right Margin
badge_max_width|s|Badge Max Width
badge_max_height|s|Badge Max Height
badge_font|s|Badge Font
use_custom_window_title|s|Use Custom Window Title
custom_window_title|s|Custom Window Title
use_transparency_initially|s|Initial Use Transparency
status_bar_enabled|s|Show Status Bar
use_csi_u|s|Use libtickit protocol
triggers_use_interpolated_strings|s|Triggers Use Interpolated Strings
left_option_key_changeable|s|Left Option Key Changeable
right_option_key_changeable|s|Right Option Key Changeable
open_password_manager_automatically|s|Open Password Manager Automatically
"""

#: name -> (key, is_colour)
PROPERTIES = {}
for _line in _TABLE.strip().split("\n"):
    _name, _kind, _key = _line.split("|", 2)
    PROPERTIES[_name] = (_key, _kind == "c")
del _line, _name, _kind, _key
