#!/usr/bin/env bash
# Install the Debian packages that wikibox's tests need: a real MediaWiki (served by `php -S`,
# never by apache2) and headless Chromium.  Idempotent: packages already present are not
# touched and `apt-get update` runs only when a package is missing.  Run as root.
#
# apache2 arrives as a hard dependency of `mediawiki` ("apache2 | httpd").  It must never start
# or hold port 80, so services are forbidden to start during the install (policy-rc.d) and the
# unit is stopped and disabled afterwards.
#
# `install-debian.sh --check` only says whether anything is missing (exit 0: all there, 1:
# something missing, named on stderr); it needs no root.  `.ci/test` uses it.
set -euo pipefail

# Recommends are left out on purpose: mediawiki recommends default-mysql-server and much more.
PACKAGES=(
  mediawiki php-cli php8.2-opcache php-sqlite3 php-intl php-mbstring php-xml php-apcu lua5.1
  chromium chromium-driver fonts-liberation fonts-ipafont-gothic fonts-ipafont-mincho
)

die() {
  echo "install-debian.sh: error: $*" >&2
  exit 1
}

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done
if [[ ${1:-} == --check ]]; then
  ((${#missing[@]} == 0)) || { echo "install-debian.sh: missing: ${missing[*]}" >&2; exit 1; }
  exit 0
fi

[[ $(id -u) -eq 0 ]] || die "must run as root (apt-get install)"
command -v apt-get >/dev/null || die "apt-get not found: this script is for Debian (12, bookworm)"

if ((${#missing[@]})); then
  echo "install-debian.sh: installing ${missing[*]}"
  created_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  cleanup() { [[ -z $created_policy ]] || rm -f /usr/sbin/policy-rc.d; }
  trap cleanup EXIT

  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || die "apt-get update failed (is the Debian mirror reachable?)"
  apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install failed for: ${missing[*]}"
fi

# Never let apache2 serve port 80; `php -S` on 127.0.0.1 is the only web server the tests use.
if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
  systemctl disable --now apache2 >/dev/null 2>&1 || true
elif [[ -x /etc/init.d/apache2 ]]; then
  /etc/init.d/apache2 stop >/dev/null 2>&1 || true
  command -v update-rc.d >/dev/null && update-rc.d apache2 disable >/dev/null 2>&1 || true
fi
apache_pid=$(cat /var/run/apache2/apache2.pid 2>/dev/null || true)
if [[ -n $apache_pid ]] && kill -0 "$apache_pid" 2>/dev/null; then
  kill "$apache_pid" || die "apache2 (pid $apache_pid) is running and could not be stopped"
fi

for needed in /usr/bin/php /usr/share/mediawiki/maintenance/install.php /usr/bin/chromium \
  /usr/bin/chromedriver; do
  [[ -e $needed ]] || die "$needed is missing after the install"
done
for extension in pdo_sqlite intl mbstring xml; do
  php -r "exit(extension_loaded('$extension') ? 0 : 1);" \
    || die "php has no $extension extension (packages php-sqlite3 php-intl php-mbstring php-xml)"
done
echo "install-debian.sh: ok ($(php -r 'echo PHP_VERSION;'), mediawiki" \
  "$(dpkg-query -W -f='${Version}' mediawiki))"
