# expect: shell/config-as-command
1. 控制面板
2. 系统和安全
3. Windows Defender 防火墙
4. 允许应用或功能通过 Windows Defender 防火墙
5. 文件和打印机共享（专用打上对勾）
