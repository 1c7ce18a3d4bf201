#!/usr/bin/env bash
# Install the Debian packages the tests need, and only those that are missing.
#
#   scripts/system-packages.sh             chromium, CJK fonts, gettext
#   scripts/system-packages.sh --postgres  the same plus PostgreSQL (implied when CI=true)
#
# Runs `apt-get update` only when something has to be installed. Needs root for that; without
# root it names the missing packages and exits 1.
set -euo pipefail

packages=(chromium fonts-noto-cjk gettext)
want_postgres=false
[[ "${CI:-}" == "true" ]] && want_postgres=true
for arg in "$@"; do
  case "$arg" in
    --postgres) want_postgres=true ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "system-packages.sh: unknown argument: $arg" >&2; exit 2 ;;
  esac
done
$want_postgres && packages+=(postgresql postgresql-contrib)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "system-packages: all present (${packages[*]})"
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "system-packages: missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "system-packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q </dev/null
apt-get install -y -q "${missing[@]}" </dev/null
