export http_proxy=http://10.7.0.2:3128
LANG=C ip addr show
DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y net-tools
sudo apt update
