pytest_plugins = ["imi_shared.testing.fixtures"]
