#!/usr/bin/env bash
# Idempotent provisioning of what the tests and the demo need on a fresh Debian machine.
# As root: apt-get installs missing packages and starts dockerd when it is not running.
# As another user: only reports what is missing.
set -euo pipefail

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
have docker-registry || need_pkgs+=(docker-registry)
have dockerd || need_pkgs+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || need_pkgs+=(busybox-static)
have git || need_pkgs+=(git)
have openssl || need_pkgs+=(openssl)
have g++ || need_pkgs+=(g++)
have make || need_pkgs+=(make)

if [ "${#need_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "provision: installing ${need_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "provision: missing Debian packages: ${need_pkgs[*]} (run as root or install them)" >&2
    exit 1
  fi
fi

# The Docker engine: the container tests need it; start it when it is not running.
if [ "${SHIPSHAPE_SKIP_DOCKERD:-0}" != 1 ]; then
  if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "provision: starting dockerd" >&2
      mkdir -p /var/log
      (setsid dockerd >/var/log/shipshape-dockerd.log 2>&1 &)
      for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        sleep 1
      done
      docker info >/dev/null 2>&1 || { echo "provision: dockerd did not start; see /var/log/shipshape-dockerd.log" >&2; tail -20 /var/log/shipshape-dockerd.log >&2; exit 1; }
    else
      echo "provision: dockerd is not running and we are not root" >&2
    fi
  fi
fi
