local Account = {}
Account.__index = Account
function Account.new(b) return setmetatable({balance = b}, Account) end
function Account:deposit(v) self.balance = self.balance + v; return self end
function Account:get() return self.balance end
local acc = Account.new(100)
print(acc:deposit(50):deposit(25):get())
local obj = {name = "o"}
function obj.hello(self, greeting) return greeting .. " " .. self.name end
print(obj:hello("hi"), obj.hello(obj, "yo"))
local a = {b = {c = {}}}
function a.b.c.f() return "nested" end
function a.b.c:g() return self == a.b.c end
print(a.b.c.f(), a.b.c:g())
print(("%s-%s"):format("a", "b"), ("abc"):upper():lower():len())
