# shellcheck shell=sh
# `polybridge invoke` without a JVM: the invocation goes to the running daemon as one HTTP request on
# its Unix socket (POST /invoke, docs/PROTOCOL.md), sent by curl, and the
# answer is printed as the JVM client prints it. A JVM takes ~100 ms to start here, curl ~10: people
# put `polybridge invoke` in shell prompts and key bindings. Both launchers source this file (the
# checkout's ./polybridge and the release's bin/polybridge, POSIX sh) before they look for Java.
#
# invoke_over_curl ARGS (the whole command line, `invoke` first) prints the answer and exits with the
# JVM client's status, or returns having sent nothing, and the JVM client runs as before, when this
# path does not serve the command line: POLYBRIDGE_CLIENT=java; an option other than --session,
# --tab, --window, --timeout and --socket (--tcp, --help); a command line the JVM client refuses (it
# says why, in its words); no curl that knows --unix-socket and --data-raw (7.43+); a socket or
# credentials file that is not the user's own as PrivateFiles holds it (the JVM client says what is
# wrong); a daemon that refuses the request before running it (one without POST /invoke, a wrong
# cookie, an invocation longer than the request's 64 KiB).
invoke_over_curl() {
  shift
  [ "${POLYBRIDGE_CLIENT:-}" != java ] && command -v curl >/dev/null 2>&1 || return 0
  # The command line, read as the JVM client's CommandSpec reads it: options before or after EXPR,
  # NAME VALUE or NAME=VALUE, `--` ends the options, `-1` is an expression.
  pbi_socket='' pbi_given=' ' pbi_query='' pbi_expression='' pbi_count=0 pbi_ended=0
  while [ $# -gt 0 ]; do
    pbi_arg=$1
    shift
    pbi_name=''
    if [ $pbi_ended = 0 ]; then
      case $pbi_arg in
        --) pbi_ended=1; continue ;;
        --session|--tab|--window|--timeout|--socket)
          [ $# -gt 0 ] || return 0
          pbi_name=$pbi_arg pbi_value=$1
          shift ;;
        --session=*|--tab=*|--window=*|--timeout=*|--socket=*) pbi_name=${pbi_arg%%=*} pbi_value=${pbi_arg#*=} ;;
        ''|-|-[0-9.]*|[!-]*) ;;
        *) return 0 ;;
      esac
    fi
    if [ -z "$pbi_name" ]; then
      pbi_count=$((pbi_count + 1)) pbi_expression=$pbi_arg
      continue
    fi
    case $pbi_given in *" $pbi_name "*) return 0 ;; esac
    pbi_given="$pbi_given$pbi_name "
    case $pbi_name in
      --socket) [ -n "$pbi_value" ] || return 0; pbi_socket=$pbi_value ;;
      --timeout)
        # a plain decimal above 0; any other number the JVM client reads (or refuses) itself
        case $pbi_value in ''|.|*[!0-9.]*|*.*.*) return 0 ;; esac
        case $pbi_value in *[1-9]*) ;; *) return 0 ;; esac
        pbi_query="$pbi_query&timeout=$pbi_value" ;;
      *)
        # ids as polybridge makes them need no escaping in a URL; any other, the JVM client takes
        case $pbi_value in ''|*[!A-Za-z0-9._~:@/-]*) return 0 ;; esac
        case $pbi_query in *session=*|*tab=*|*window=*) return 0 ;; esac
        pbi_query="$pbi_query&${pbi_name#--}=$pbi_value" ;;
    esac
  done
  [ $pbi_count = 1 ] || return 0
  [ -z "$pbi_query" ] || pbi_query="?${pbi_query#&}"

  # The socket as DaemonAddress and UserFolders find it: --socket, $POLYBRIDGE_SOCKET, else
  # $XDG_RUNTIME_DIR/polybridge/socket, else the config folder's private/socket, else the old place's.
  if [ -z "$pbi_socket" ]; then
    case ${POLYBRIDGE_SOCKET:-} in
      *[![:space:]]*) pbi_socket=$POLYBRIDGE_SOCKET ;;
      *)
        case ${XDG_RUNTIME_DIR:-} in
          /*) pbi_socket=$XDG_RUNTIME_DIR/polybridge/socket ;;
          *) pbi_user_home || return 0; pbi_config; pbi_socket=$pbi_dir/private/socket ;;
        esac
        if [ ! -e "$pbi_socket" ]; then
          pbi_user_home || return 0
          [ ! -e "$pbi_home/.config/polybridge/private/socket" ] || pbi_socket=$pbi_home/.config/polybridge/private/socket
        fi ;;
    esac
  fi
  case $pbi_socket in /*) pbi_path=$pbi_socket ;; *) pbi_path=$PWD/$pbi_socket ;; esac
  case $pbi_path in *//*|*/./*|*/../*|*/.|*/..|*/) return 0 ;; esac
  if [ ! -e "$pbi_path" ] && [ ! -L "$pbi_path" ]; then
    echo "polybridge: no polybridge daemon at $pbi_socket: start one with \`polybridge run\`" >&2
    exit 1
  fi
  pbi_folder=${pbi_path%/*}
  pbi_auth=${pbi_folder:-}/auth
  [ -S "$pbi_path" ] && [ -O "$pbi_path" ] && [ -O "${pbi_folder:-/}" ] && [ ! -L "${pbi_folder:-/}" ] || return 0

  # ITERM2_COOKIE / ITERM2_KEY when set, else the daemon's credentials file next to the socket.
  pbi_cookie=${ITERM2_COOKIE:-} pbi_key=''
  if [ -n "$pbi_cookie" ]; then
    pbi_key=${ITERM2_KEY:-}
    pbi_private "$pbi_folder" || return 0
  else
    [ -f "$pbi_auth" ] && [ ! -L "$pbi_auth" ] && [ -O "$pbi_auth" ] && pbi_private "$pbi_folder" "$pbi_auth" || return 0
    while IFS='=' read -r pbi_name pbi_value; do
      case $pbi_name in
        ITERM2_COOKIE) pbi_cookie=$pbi_value ;;
        ITERM2_KEY) pbi_key=$pbi_value ;;
      esac
    done < "$pbi_auth"
    [ -n "$pbi_cookie" ] || return 0
  fi
  # what goes between curl's config quotes unescaped; the cookies polybridge makes are hex
  case $pbi_cookie$pbi_key in *[!A-Za-z0-9._~+/=-]*) return 0 ;; esac
  pbi_headers="header = \"x-iterm2-cookie: $pbi_cookie\""
  [ -z "$pbi_key" ] || pbi_headers="$pbi_headers
header = \"x-iterm2-key: $pbi_key\""

  # The credentials reach curl on its standard input, never on its command line (which other users
  # may read in /proc); the invocation is on it, as it is on this command's own (--data-raw, 7.43+:
  # an @ that starts it is not a file's name). No ~/.curlrc (-q), no proxy, no Expect: 100-continue
  # round trip. One process: curl itself. The status follows the body on standard output.
  pbi_status=0
  pbi_out=$(exec curl -q -s --noproxy '*' --unix-socket "$pbi_path" --config - -H 'Content-Type: text/plain; charset=utf-8' \
      -H 'Expect:' --data-raw "$pbi_expression" -w '%{http_code}' "http://localhost/invoke$pbi_query" 2>/dev/null <<PBI_EOF
$pbi_headers
PBI_EOF
) || pbi_status=$?
  pbi_body=${pbi_out%???}
  case $pbi_status:${pbi_out#"$pbi_body"} in
    0:200) printf '%s' "$pbi_body"; exit 0 ;;
    # the invocation's own failure: the message the JVM client prints (OneShotInvocationHandler)
    0:422|0:500|0:504) printf 'polybridge: %s' "$pbi_body" >&2; exit 1 ;;
    # nothing listens there (a daemon that ended without removing its socket)
    7:*) echo "polybridge: no polybridge daemon at $pbi_socket: start one with \`polybridge run\`" >&2; exit 1 ;;
    # refused before it ran (any other status), or a curl that does not know an option (2): the
    # JVM client runs it, or says why not
    0:*|2:*) return 0 ;;
    *) echo "polybridge: the daemon at $pbi_socket did not answer the invocation (curl's exit status $pbi_status)" >&2; exit 1 ;;
  esac
}

# Java's user.home, which the JVM client's folders are under: -Duser.home in POLYBRIDGE_JAVA_OPTS,
# else the home of the password file (not $HOME). Sets pbi_home; false when it cannot tell.
pbi_user_home() {
  [ -z "${pbi_home:-}" ] || return 0
  for pbi_word in ${POLYBRIDGE_JAVA_OPTS:-}; do
    case $pbi_word in -Duser.home=*) pbi_home=${pbi_word#-Duser.home=} ;; esac
  done
  [ -z "${pbi_home:-}" ] || return 0
  if [ -n "${BASH_VERSION:-}" ]; then
    # bash's ~ is the password file's home while HOME is unset: no process started
    if [ "${HOME+set}" = set ]; then
      pbi_saved=$HOME
      unset HOME
      pbi_home=~
      HOME=$pbi_saved
      export HOME
    else
      pbi_home=~
    fi
  else
    pbi_home=$(getent passwd "$(id -u)" 2>/dev/null) || return 1
    pbi_home=${pbi_home#*:*:*:*:*:}
    pbi_home=${pbi_home%%:*}
  fi
  case $pbi_home in /*) return 0 ;; *) pbi_home=''; return 1 ;; esac
}

# The config folder as UserFolders finds it (XDG_CONFIG_HOME, else ~/.config; the old place while
# only it is there), in pbi_dir.
pbi_config() {
  pbi_legacy=$pbi_home/.config/polybridge
  case ${XDG_CONFIG_HOME:-} in
    /*) pbi_dir=$XDG_CONFIG_HOME/polybridge ;;
    *) pbi_dir=$pbi_legacy ;;
  esac
  if [ "$pbi_dir" != "$pbi_legacy" ] && [ ! -e "$pbi_dir" ] && [ -d "$pbi_legacy" ]; then pbi_dir=$pbi_legacy; fi
}

# Whether the socket's folder $1 and the credentials file $2 (if given) pass PrivateFiles' rule, in
# one stat(1): the folder writable by the user alone, the file 0600, the folders above the user's
# or root's and not writable by others (unless sticky) nor by a group other than the user's. False
# also where stat differs from GNU's (the JVM client then checks).
pbi_private() {
  pbi_list=$1
  pbi_up=$1
  while [ -n "$pbi_up" ]; do
    pbi_up=${pbi_up%/*}
    pbi_list="$pbi_list
${pbi_up:-/}"
  done
  pbi_n=0
  # the list split at newlines alone, unglobbed, in this shell: the substitution then forks once,
  # straight into stat (each process costs milliseconds on a busy machine)
  pbi_ifs=$IFS pbi_glob=+f
  case $- in *f*) pbi_glob=-f ;; esac
  IFS='
'
  set -f
  pbi_stat=$(exec stat -c '%u %a %F' -- $pbi_list ${2:+"$2"} 2>/dev/null) || pbi_stat=''
  IFS=$pbi_ifs
  set $pbi_glob
  [ -n "$pbi_stat" ] || return 1
  pbi_me=''
  while read -r pbi_uid pbi_mode pbi_type; do
    pbi_n=$((pbi_n + 1))
    if [ $pbi_n = 1 ]; then
      # the socket's folder, which the caller found to be the user's own: its uid is the user's
      pbi_me=$pbi_uid
      [ "$pbi_type" = directory ] && [ $((0$pbi_mode & 022)) = 0 ] || return 1
    elif [ "$pbi_type" = directory ]; then
      [ "$pbi_uid" = "$pbi_me" ] || [ "$pbi_uid" = 0 ] || return 1
      [ $((0$pbi_mode & 01000)) != 0 ] && continue
      [ $((0$pbi_mode & 02)) = 0 ] || return 1
      [ $((0$pbi_mode & 020)) = 0 ] || [ -G "$(pbi_nth $pbi_n)" ] || return 1
    else
      [ "$pbi_type" = 'regular file' ] && [ "$pbi_uid" = "$pbi_me" ] && [ $((0$pbi_mode & 077)) = 0 ] || return 1
    fi
  done <<PBI_EOF
$pbi_stat
PBI_EOF
  return 0
}

# The $1th line of pbi_list (a folder above the socket's).
pbi_nth() {
  printf '%s\n' "$pbi_list" | sed -n "${1}p"
}
