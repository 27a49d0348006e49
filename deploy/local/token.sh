#!/usr/bin/env bash
# Prints an access token for a demo user of the local stack, signing in the way the web and mobile clients do:
# authorization code with PKCE through the issuer's login form.
#   TOKEN=$(./deploy/local/token.sh worker.qianchuan)      # password: demo (DEMO_PASSWORD)
# Users: admin.huangpi reviewer.qianchuan worker.qianchuan operator.huangpi provider.admin caregiver.li
#        assessor.huangpi auditor.huangpi elder.demo family.demo
set -euo pipefail
user=${1:?usage: token.sh USER [PASSWORD]}
password=${2:-${DEMO_PASSWORD:-demo}}
issuer=${ISSUER:-http://localhost:9000}
redirect=http://127.0.0.1:8400/callback
jar=$(mktemp); trap 'rm -f "$jar"' EXIT

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
verifier=$(head -c 32 /dev/urandom | b64url)
challenge=$(printf '%s' "$verifier" | openssl dgst -binary -sha256 | b64url)

authorize="$issuer/oauth2/authorize?response_type=code&client_id=eldercare-web&scope=openid&redirect_uri=$redirect&code_challenge=$challenge&code_challenge_method=S256&state=cli"
curl -s -o /dev/null -c "$jar" -b "$jar" -H 'Accept: text/html' "$authorize"
csrf=$(curl -s -c "$jar" -b "$jar" "$issuer/login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
next=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
  --data-urlencode "username=$user" --data-urlencode "password=$password" --data-urlencode "_csrf=$csrf" "$issuer/login")
case "$next" in *error*|"") echo "login refused for $user" >&2; exit 1;; esac
code=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -H 'Accept: text/html' "$next" \
  | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
[ -n "$code" ] || { echo "no authorization code for $user" >&2; exit 1; }
curl -s "$issuer/oauth2/token" -d grant_type=authorization_code -d "code=$code" -d "redirect_uri=$redirect" \
  -d client_id=eldercare-web -d "code_verifier=$verifier" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
