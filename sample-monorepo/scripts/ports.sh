#!/usr/bin/env bash
# Each environment gets its own fixed ports so Dev, Test, ... can run side by side on one machine (sourced by the other scripts).
case "${OO_ENVIRONMENT:-Dev}" in
  Dev) base=5100 ;; Test) base=5200 ;; Staging) base=5300 ;; Production) base=5400 ;; *) base=5900 ;;
esac
product_service_port=$((base + 1))
cart_service_port=$((base + 2))
web_port=$((base + 80))
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
