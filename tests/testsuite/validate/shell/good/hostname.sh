# Show the addresses, the routes and the DNS servers in use
ip -4 addr show
ip route
resolvectl status 2>/dev/null || cat /etc/resolv.conf
hostname -I
