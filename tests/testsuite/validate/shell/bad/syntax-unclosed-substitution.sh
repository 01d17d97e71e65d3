# expect: shell/syntax
echo "gateway: $(ip route | awk '/default/ {print $3}'"
