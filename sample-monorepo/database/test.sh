#!/usr/bin/env bash
# Test step of the database: every migration is applied to the environment's database. Without an install folder on this
# machine (Octopus), the packed migrator applies its migrations to a scratch database first, then verifies it.
set -euo pipefail
source "$(dirname "$0")/../scripts/installed.sh"
use_install_dir OctoPetShop.Database
if [ -n "$scratch_dir" ]; then dotnet "$OO_INSTALL_DIR/OctoPetShop.Migrator.dll" apply "$OO_ENVIRONMENT_DIR/petshop.db" >/dev/null; fi
dotnet "$OO_INSTALL_DIR/OctoPetShop.Migrator.dll" verify "$OO_ENVIRONMENT_DIR/petshop.db"
