print("a")
undefined_function_xyz(1)
