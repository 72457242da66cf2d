#!/usr/bin/env bash
# Where a test step finds the deployed build (sourced by the test scripts). The embedded server deploys on this machine, so
# OO_INSTALL_DIR and OO_ENVIRONMENT_DIR name the install and the environment. Against Octopus (--server) the deployment runs
# on Octopus's targets and both are empty: there is no install folder on this machine, so the test runs the built artifact
# (artifacts/packages/<packageId>.<version>.zip, unpacked into a scratch folder removed on exit) with a scratch environment.
scratch_dir=""
remove_scratch() { if [ -n "$scratch_dir" ]; then rm -rf "$scratch_dir"; fi; }

# use_install_dir <packageId>: keeps a real install folder, else unpacks the component's package and points OO_INSTALL_DIR at it.
use_install_dir() {
  if [ -n "${OO_INSTALL_DIR:-}" ]; then return 0; fi
  local package="${OO_MANIFEST_DIR:-$PWD}/artifacts/packages/$1.$OO_VERSION.zip"
  [ -f "$package" ] || { echo "No install folder on this machine and no package $package: run the pack step first." >&2; exit 1; }
  scratch_dir="$(mktemp -d)"
  trap remove_scratch EXIT
  mkdir -p "$scratch_dir/install" "$scratch_dir/environment"
  unzip -q "$package" -d "$scratch_dir/install"
  export OO_INSTALL_DIR="$scratch_dir/install"
  if [ -z "${OO_ENVIRONMENT_DIR:-}" ]; then export OO_ENVIRONMENT_DIR="$scratch_dir/environment"; fi
  echo "no install folder on this machine: testing the built artifact $(basename "$package")"
}

# seed_scratch_database: in a scratch environment, applies the newest packed database to $OO_ENVIRONMENT_DIR/petshop.db and
# exports PETSHOP_DB (the services read it when the deploy step wrote no appsettings.json).
seed_scratch_database() {
  if [ -z "$scratch_dir" ]; then return 0; fi
  local database
  database=$(ls "${OO_MANIFEST_DIR:-$PWD}"/artifacts/packages/OctoPetShop.Database.*.zip 2>/dev/null | sort -V | tail -n 1)
  [ -n "$database" ] || { echo "No database package in artifacts/packages: pack the database component first." >&2; exit 1; }
  mkdir -p "$scratch_dir/migrator"
  unzip -q "$database" -d "$scratch_dir/migrator"
  dotnet "$scratch_dir/migrator/OctoPetShop.Migrator.dll" apply "$OO_ENVIRONMENT_DIR/petshop.db" >/dev/null
  export PETSHOP_DB="$OO_ENVIRONMENT_DIR/petshop.db"
}
