package shell

import "time"

func waitABit() { time.Sleep(5 * time.Millisecond) }
