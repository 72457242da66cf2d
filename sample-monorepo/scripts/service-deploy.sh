#!/usr/bin/env bash
# Deploy step of a service: points the extracted package at the environment's database and port, and publishes its URL
# in $OO_ENVIRONMENT_DIR/<component>.url for the web component.
set -euo pipefail
source "$(dirname "$0")/ports.sh"
case "$OO_COMPONENT" in
  product-service) port=$product_service_port ;;
  cart-service) port=$cart_service_port ;;
  *) echo "service-deploy.sh: unknown component '$OO_COMPONENT'" >&2; exit 2 ;;
esac
database="$OO_ENVIRONMENT_DIR/petshop.db"
[ -f "$database" ] || { echo "No database at $database: deploy the database component to $OO_ENVIRONMENT first." >&2; exit 1; }
python3 - "$OO_INSTALL_DIR/appsettings.json" "$database" "http://127.0.0.1:$port" <<'PY'
import json, sys
path, database, url = sys.argv[1:]
json.dump({"PetShop": {"Database": database}, "Urls": url, "Logging": {"LogLevel": {"Default": "Warning"}}}, open(path, "w"), indent=2)
PY
echo "http://127.0.0.1:$port" > "$OO_ENVIRONMENT_DIR/$OO_COMPONENT.url"
echo "$OO_COMPONENT $OO_VERSION configured for $OO_ENVIRONMENT at http://127.0.0.1:$port (database $database)"
