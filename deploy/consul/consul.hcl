# The real Consul agent docker-compose and the Kubernetes manifests run (hashicorp/consul,
# `agent -config-dir=/consul/config`):
# one server that is also the agent every service registers with. Services register
# themselves with an HTTP check on /health/ready and DeregisterCriticalServiceAfter.
datacenter       = "dc1"
node_name        = "shopfront-consul"
data_dir         = "/consul/data"
server           = true
bootstrap_expect = 1
client_addr      = "0.0.0.0"
bind_addr        = "0.0.0.0"
advertise_addr   = "{{ GetInterfaceIP \"eth0\" }}"
log_level        = "INFO"

ui_config {
  enabled = true
}

ports {
  http = 8500
  dns  = 8600
  grpc = 8502
}

# Check output (the readiness JSON) is synced to the catalog at once rather than every
# few minutes, so the UI shows what a failing instance says.
check_update_interval = "0s"

# ACLs on, everything denied unless a token allows it. The management token is given on
# the command line from .env (docker-compose.yml) or the secret (kubernetes/consul.yaml);
# acl-bootstrap.sh gives each app a token that may register only its own service and read
# the others, and write only its own keys under shopfront/<app>/ (CONSUL_HTTP_TOKEN).
acl {
  enabled                  = true
  default_policy           = "deny"
  enable_token_persistence = true
  down_policy              = "extend-cache"
}
