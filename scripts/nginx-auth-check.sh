#!/usr/bin/env bash
# Tests keyward's reference nginx configuration (bench/nginx/keyward-auth.conf.template) against
# real nginx: starts keyward and nginx on loopback with that configuration, then checks that a
# valid key gets 200, a wrong secret and no credentials get 401 (with WWW-Authenticate), and an
# unknown key gets 401. Exits 0 when every check passes, non-zero otherwise.
#
#   scripts/nginx-auth-check.sh          (needs node, nginx with auth_request, curl, envsubst)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/keyward-nginx-check-XXXXXX")"
keyward_pid=""
nginx_pid=""

cleanup() {
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n "$keyward_pid" ]] && kill "$keyward_pid" 2>/dev/null && wait "$keyward_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  [[ -f "$work/keyward.log" ]] && { echo "--- keyward log" >&2; tail -20 "$work/keyward.log" >&2; }
  [[ -f "$work/error.log" ]] && { echo "--- nginx error log" >&2; tail -20 "$work/error.log" >&2; }
  exit 1
}

for tool in node nginx curl envsubst; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ "$(nginx -V 2>&1)" == *--with-http_auth_request_module* ]] || fail "this nginx lacks the auth_request module"

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Bootstrap credentials: a 16-character id and a legacy-format secret (64 × [A-Za-z0-9+/]).
key="$(node -e "const b=require('crypto').randomBytes(16);console.log(Array.from(b,(x)=>'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[x%36]).join(''))")"
secret="$(node -e "console.log(require('crypto').randomBytes(48).toString('base64'))")"
keyward_port="$(free_port)"
nginx_port="$(free_port)"

cd "$repo"
# As the reference configuration asks: nginx, on loopback, is a trusted proxy.
KEYWARD_BOOTSTRAP_API_KEY="$key" KEYWARD_BOOTSTRAP_API_SECRET="$secret" KEYWARD_LOG_LEVEL=warn KEYWARD_TRUST_PROXY=127.0.0.1 \
  node --import tsx src/server/main.ts --host 127.0.0.1 --port "$keyward_port" --data-dir "$work/data" \
  >"$work/keyward.log" 2>&1 &
keyward_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$keyward_port/readyz" >/dev/null 2>&1 && break
  kill -0 "$keyward_pid" 2>/dev/null || fail "keyward exited during start-up"
  sleep 0.2
done
curl -fs "http://127.0.0.1:$keyward_port/readyz" >/dev/null || fail "keyward did not become ready"

# The reference configuration, rendered; only these placeholders are substituted.
mkdir -p "$work/conf.d" "$work/tmp" "$work/www"
chmod 755 "$work" "$work/www"
echo "ok" >"$work/www/index.txt"
chmod 644 "$work/www/index.txt"
export NGINX_PREFIX="$work" CONTENT_ROOT="$work/www" KEYWARD_UPSTREAM="127.0.0.1:$keyward_port" \
  KEYWARD_LISTEN="127.0.0.1:$nginx_port" KEYWARD_RESOURCE="cloud"
envsubst '${NGINX_PREFIX}' <"$repo/bench/nginx/nginx.conf.template" >"$work/nginx.conf"
envsubst '${CONTENT_ROOT} ${KEYWARD_UPSTREAM} ${KEYWARD_LISTEN} ${KEYWARD_RESOURCE}' \
  <"$repo/bench/nginx/keyward-auth.conf.template" >"$work/conf.d/keyward-auth.conf"

nginx_args=(-p "$work" -e "$work/error.log" -c "$work/nginx.conf")
nginx -t -q "${nginx_args[@]}" || fail "nginx rejects the configuration"
nginx "${nginx_args[@]}" &
nginx_pid=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || fail "nginx exited during start-up"
  sleep 0.1
done

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
failures=0
check() {
  local name="$1" expected="$2" got="$3"
  if [[ "$got" == "$expected" ]]; then
    echo "ok   $name: $got"
  else
    echo "FAIL $name: expected $expected, got $got" >&2
    failures=$((failures + 1))
  fi
}

url="http://127.0.0.1:$nginx_port/"
check "valid key" 200 "$(status -u "$key:$secret" "$url")"
check "valid key, body" "ok" "$(curl -s -u "$key:$secret" "$url")"
wrong="${secret%?}x"; [[ "$wrong" == "$secret" ]] && wrong="${secret%?}y"
check "wrong secret" 401 "$(status -u "$key:$wrong" "$url")"
check "unknown key" 401 "$(status -u "ZZZZZZZZZZZZZZZZ:$secret" "$url")"
check "no credentials" 401 "$(status "$url")"
check "WWW-Authenticate on 401" 1 "$(curl -s -D - -o /dev/null "$url" | grep -ci '^www-authenticate: basic')"

if (( failures > 0 )); then
  fail "$failures check(s) failed"
fi
echo "nginx auth_request with keyward: all checks passed"
