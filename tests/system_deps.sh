#!/usr/bin/env bash
# Installs the Debian packages the real-server tests need, when missing and running as root.
# Without root it only reports what is missing; tests that need it then fail in CI
# (CI=true) and skip with a reason elsewhere.
set -euo pipefail
PACKAGES=(dovecot-imapd chromium fonts-dejavu-core faketime)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "missing Debian packages (install as root): ${missing[*]}" >&2
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Services must not start from the package scripts: the tests run their own instances.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
rm -f /usr/sbin/policy-rc.d
