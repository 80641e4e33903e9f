#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with a database
# "test", and export HTXNU_TEST_PG naming it, for the PostgreSQL half of the
# tests. Run it to check; source it and call ensure_postgres (test.sh does)
# to get the variable.
#
# If HTXNU_TEST_PG is already set, that server is used as it is. Otherwise:
# start the local Debian cluster if it is down, or install Debian's
# postgresql first if there is none (that fresh cluster trusts connections
# from 127.0.0.1, like a CI machine's). Non-interactive; safe to run twice.

pg_log() { echo "ensure-postgres: $*" >&2; }

pg_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo -n "$@"
	else
		pg_log "need root to run: $*"
		return 1
	fi
}

pg_answers() {
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -h 127.0.0.1 -p 5432 -t 2
	else
		(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
	fi
}

pg_wait() {
	local i
	for i in $(seq 1 60); do
		if pg_answers; then
			return 0
		fi
		sleep 1
	done
	pg_log "PostgreSQL did not answer on 127.0.0.1:5432 within 60 s"
	return 1
}

pg_version() {
	ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true
}

pg_install() {
	pg_log "PostgreSQL is not installed; installing Debian's postgresql"
	export DEBIAN_FRONTEND=noninteractive
	pg_as_root apt-get -o DPkg::Lock::Timeout=300 update -qq &&
		pg_as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq postgresql >/dev/null
}

# pg_trust_local lets the postgres role connect from 127.0.0.1 without a
# password, on a cluster this script created.
pg_trust_local() {
	local hba="/etc/postgresql/$1/main/pg_hba.conf"
	if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
		pg_as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
	fi
}

ensure_postgres() {
	if [ -n "${HTXNU_TEST_PG:-}" ]; then
		pg_log "using HTXNU_TEST_PG as set"
		return 0
	fi
	if ! pg_answers; then
		local fresh=""
		if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(pg_version)" ]; then
			pg_install || { pg_log "could not install postgresql"; return 1; }
			fresh=1
		fi
		local ver
		ver=$(pg_version)
		if [ -z "$ver" ] || [ ! -d "/etc/postgresql/$ver/main" ]; then
			ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
			pg_log "creating cluster $ver/main"
			pg_as_root pg_createcluster "$ver" main >/dev/null || return 1
			fresh=1
		fi
		if [ -n "$fresh" ]; then
			pg_trust_local "$ver" || return 1
		fi
		pg_log "starting PostgreSQL $ver/main"
		pg_as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
			pg_answers || { pg_log "pg_ctlcluster could not start $ver/main"; return 1; }
		pg_wait || return 1
		if [ -n "$fresh" ]; then
			# Debian's installer may have started the cluster before the
			# trust lines were added.
			pg_as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main reload || true
		fi
	fi
	local admin="postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	if command -v psql >/dev/null 2>&1; then
		local have
		have=$(psql "$admin" -XtAc "SELECT 1 FROM pg_database WHERE datname = 'test'") ||
			{ pg_log "cannot connect as postgres to 127.0.0.1:5432 (is trust auth configured?)"; return 1; }
		if [ "$have" != "1" ]; then
			pg_log "creating database test"
			psql "$admin" -Xqc "CREATE DATABASE test" || return 1
		fi
	fi
	export HTXNU_TEST_PG="postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	ensure_postgres
	echo "HTXNU_TEST_PG=$HTXNU_TEST_PG"
fi
