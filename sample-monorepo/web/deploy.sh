#!/usr/bin/env bash
# Deploy step of the web component: writes config.js with the URLs the services published in this environment.
set -euo pipefail
source "$(dirname "$0")/../scripts/ports.sh"
read_url() { if [ -f "$OO_ENVIRONMENT_DIR/$1.url" ]; then cat "$OO_ENVIRONMENT_DIR/$1.url"; else echo "http://127.0.0.1:$2"; fi; }
products=$(read_url product-service "$product_service_port")
carts=$(read_url cart-service "$cart_service_port")
cat > "$OO_INSTALL_DIR/config.js" <<JS
// Written by the $OO_ENVIRONMENT deploy of web $OO_VERSION.
window.PETSHOP_CONFIG = { productServiceUrl: "$products", cartServiceUrl: "$carts" };
JS
echo "web $OO_VERSION configured for $OO_ENVIRONMENT: products $products, carts $carts (serve with: bash $OO_INSTALL_DIR/serve.sh $web_port)"
