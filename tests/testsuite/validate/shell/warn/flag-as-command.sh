# expect: shell/flag-as-command
sudo apt-get install
    --no-install-recommends net-tools
