# polybridge shell integration for bash (4.4 or later) and zsh: marks the prompt, the command line,
# the command's start and its end with the FinalTerm sequences OSC 133 ; A/B/C/D that iTerm2 reads,
# and says where the shell is (OSC 1337 ; CurrentDir, RemoteHost). Source it from ~/.bashrc or
# ~/.zshrc; scripts' PromptMonitor and async_get_last_prompt then see each command.
if [ -n "$BASH_VERSION" ]; then
  __polybridge_prompt() {
    local status=$?
    printf '\033]133;D;%s\007\033]1337;CurrentDir=%s\007\033]1337;RemoteHost=%s@%s\007' \
      "$status" "$PWD" "$USER" "${HOSTNAME%%.*}"
    return $status
  }
  PROMPT_COMMAND="__polybridge_prompt${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
  PS1="\[\033]133;A\007\]${PS1:-\$ }\[\033]133;B\007\]"
  PS0="\033]133;C\007${PS0}"
elif [ -n "$ZSH_VERSION" ]; then
  __polybridge_precmd() {
    local status=$?
    printf '\033]133;D;%s\007\033]1337;CurrentDir=%s\007\033]1337;RemoteHost=%s@%s\007' \
      "$status" "$PWD" "$USER" "${HOST%%.*}"
  }
  __polybridge_preexec() { printf '\033]133;C\007'; }
  autoload -Uz add-zsh-hook
  add-zsh-hook precmd __polybridge_precmd
  add-zsh-hook preexec __polybridge_preexec
  PS1="%{$(printf '\033]133;A\007')%}${PS1}%{$(printf '\033]133;B\007')%}"
fi
