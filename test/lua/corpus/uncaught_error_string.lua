error("custom failure")
