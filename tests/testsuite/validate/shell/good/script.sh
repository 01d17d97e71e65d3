#!/usr/bin/env bash
# A small script: variables, a loop, a function, a case and a test
set -euo pipefail

IFACE=ens33
SUBNET=10.7.0
hosts=(1 2 128)

probe() {
    local host=$1
    if ping -c 1 -W 1 "$host" > /dev/null 2>&1; then
        echo "$host is up"
    else
        echo "$host is down" >&2
    fi
}

for h in "${hosts[@]}"; do
    probe "$SUBNET.$h"
done

case "$(ip -br link show "$IFACE" | awk '{print $2}')" in
    UP) echo "$IFACE is up" ;;
    *) echo "$IFACE is down" ;;
esac

count=0
while read -r line; do
    count=$((count + 1))
    echo "$line"
done < /etc/hosts
echo "$count lines"

[[ -f /etc/netplan/99_config.yaml ]] && sudo netplan apply
