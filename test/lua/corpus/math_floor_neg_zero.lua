print(math.floor(-0.5), math.ceil(-0.5), -0.0, 0 * -1, math.abs(-0.0))
