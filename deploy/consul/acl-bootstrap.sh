#!/bin/sh
# Consul's ACLs for Shopfront, run once by docker-compose's consul-acl container (by the
# Kubernetes Job consul-acl, or by hand with the same variables). For each app named as an
# argument it makes a policy that may register only that app's own service and read the
# rest, write only its own keys under shopfront/<app>/ (users' copies of its signing keys
# and revocations, which every verifier reads while users is away) and read the others
# there, and a token with the secret from CONSUL_TOKEN_<APP> (.env), which the app sends as
# CONSUL_HTTP_TOKEN. Running it again changes nothing that is already there.
#   CONSUL_HTTP_ADDR=consul:8500 CONSUL_HTTP_TOKEN=<management> CONSUL_TOKEN_USERS=<uuid> ... \
#     sh acl-bootstrap.sh users sales ...
set -eu
: "${CONSUL_HTTP_TOKEN:?CONSUL_HTTP_TOKEN must be the management token}"

rules() {
  cat <<RULES
service "$1" { policy = "write" }
service_prefix "" { policy = "read" }
node_prefix "" { policy = "read" }
key_prefix "shopfront/" { policy = "read" }
key_prefix "shopfront/$1/" { policy = "write" }
RULES
}

token_var() { echo "CONSUL_TOKEN_$(echo "$1" | tr 'a-z-' 'A-Z_')"; }
for app in "$@"; do
  [ -n "$(printenv "$(token_var "$app")" || true)" ] || { echo "consul-acl: $(token_var "$app") is not set" >&2; exit 1; }
done

tries=0
until consul acl policy list >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "consul-acl: Consul's ACL system did not answer in 60 s" >&2; exit 1; }
  sleep 1
done

for app in "$@"; do
  secret=$(printenv "$(token_var "$app")")
  file=$(mktemp)
  rules "$app" > "$file"
  if consul acl policy read -name "shopfront-$app" >/dev/null 2>&1; then
    consul acl policy update -name "shopfront-$app" -rules "@$file" >/dev/null
  else
    consul acl policy create -name "shopfront-$app" -description "Shopfront $app: registers itself, reads the others" -rules "@$file" >/dev/null
  fi
  rm -f "$file"
  if CONSUL_HTTP_TOKEN="$secret" consul acl token read -self >/dev/null 2>&1; then
    echo "consul-acl: $app's token is there"
  else
    consul acl token create -secret "$secret" -policy-name "shopfront-$app" -description "Shopfront $app" >/dev/null
    echo "consul-acl: $app's token created"
  fi
done
