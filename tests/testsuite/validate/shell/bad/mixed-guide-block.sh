# expect: shell/config-as-command
# The guide's original mixed block, filled for 10.7.0.0/24: commands, netplan YAML,
# ifcfg, interfaces, resolvconf base and NetworkManager.conf lines in one bash block.
# 针对 Ubuntu 20.04，参考 https://ubuntu.com/server/docs/network-configuration
# 若 netplan 文件夹下没有 .yaml 文件，则新建文件
# 经测试，netplan 文件夹下 .yaml 文件的数量等于这台主机拥有的 IP 地址的数量
touch /etc/netplan/99_config.yaml
# 编辑配置
network:
  version: 2
  renderer: networkd
  ethernets:
    ens33:
      addresses:
        - 10.7.0.128/24
      gateway4: 10.7.0.2
      nameservers:
        search: [localdomain, localhost]
        addresses: [114.114.114.114, 8.8.8.8]
# 刷新网络
sudo netplan apply

# 针对 Ubuntu 18.04
vim /etc/sysconfig/network-scripts/ifcfg-*
# 在文件中修改如下内容
BOOTPROTO=static
ONBOOT=yes
IPADDR=10.7.0.128
GATEWAY=10.7.0.2
# 重启系统
sudo reboot

# 针对 Ubuntu 16.04 要麻烦一些
sudo vim /etc/network/interfaces
# 在文件中添加如下内容
auto ens33              # ens33 这个名字用 ifconfig 或 ip addr 查看
iface ens33 inet static
address 10.7.0.128   # 注意替换这里的 ? 和 xxx
netmask 255.255.255.0
gateway 10.7.0.2     # 注意替换这里的 ?
# 编辑 resolv.conf
sudo vim /etc/resolvconf/resolv.conf.d/base
# 修改 DNS 服务器
search localdomain
nameserver 114.114.114.114
nameserver 8.8.8.8
# 编辑 NetworkManager.conf
sudo vim /etc/NetworkManager/NetworkManager.conf
# 在文件中修改如下内容
managed=true
# 重启系统
sudo reboot
