# expect: shell/syntax
echo "nameserver 8.8.8.8 | sudo tee /etc/resolv.conf
