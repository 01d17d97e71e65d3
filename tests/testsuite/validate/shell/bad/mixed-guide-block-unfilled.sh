# expect: shell/config-as-command
# The same block before the placeholders are filled.
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
        - 192.168.?.xxx/24
      gateway4: 192.168.?.1
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
IPADDR=192.168.?.xxx
GATEWAY=192.168.?.1
# 重启系统
sudo reboot

# 针对 Ubuntu 16.04 要麻烦一些
sudo vim /etc/network/interfaces
# 在文件中添加如下内容
auto ens33              # ens33 这个名字用 ifconfig 或 ip addr 查看
iface ens33 inet static
address 192.168.?.xxx   # 注意替换这里的 ? 和 xxx
netmask 255.255.255.0
gateway 192.168.?.1     # 注意替换这里的 ?
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

注意，在 Windows 中双击 VMnet8 查看状态，显示 "无网络访问权限"，但是虚拟机能正常上网，不知道为什么。
