window.custom = 1;
