@main struct DevServer { static func main() {} }
