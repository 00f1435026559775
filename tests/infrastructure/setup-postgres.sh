#!/usr/bin/env bash
# Installs (if needed) and starts a local PostgreSQL server for the integration tests, then prints
# the connection string to use as PSDK_TEST_POSTGRES. Loopback only.
set -euo pipefail

# Only the connection string goes to stdout: the caller captures it. Everything the tools print
# (for example pg_ctlcluster's "removed stale pid file") goes to stderr.
exec 3>&1 1>&2

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start 3>&-   # the server must not hold the caller's pipe open
fi

port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 1 30); do
  if su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -q" <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'psdk') THEN CREATE ROLE psdk LOGIN PASSWORD 'psdk'; END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname = 'psdk_test'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O psdk psdk_test"
fi

echo "Host=127.0.0.1;Port=${port};Username=psdk;Password=psdk;Database=psdk_test" >&3
