# expect: shell/unfilled-placeholder
sudo ip addr add 192.168.?.xxx/24 dev ens33
ping -c 4 192.168.?.1
