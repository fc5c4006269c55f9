#!/usr/bin/env bash
# Headless Chromium for the dashboard's end-to-end tests and screenshots (npm run test:dashboard,
# npm run screenshots): Debian's package, driven by playwright-core at /usr/bin/chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "installing chromium (Debian package) for the dashboard e2e tests"
sudo_prefix=""
if [ "$(id -u)" -ne 0 ]; then sudo_prefix="sudo"; fi
$sudo_prefix apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_prefix apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
