package store

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
	"time"

	"outreach/model/engage"
)

const (
	envCampaignDB    = "OUTREACH_CAMPAIGN_CRASH_DB"
	envCampaignRound = "OUTREACH_CAMPAIGN_CRASH_ROUND"
	campaignCrashN   = 3000
)

// TestCampaignCrashHelper is the child process of
// TestCampaignKillAndRerun: it runs the round's campaign in small durable
// batches until it is killed.
func TestCampaignCrashHelper(t *testing.T) {
	path := os.Getenv(envCampaignDB)
	if path == "" {
		t.Skip("the helper process of TestCampaignKillAndRerun")
	}
	round, _ := strconv.Atoi(os.Getenv(envCampaignRound))
	s, err := Open(path, Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	due, err := s.DueCampaigns(t0)
	if err != nil || len(due) != 1 {
		fmt.Fprintln(os.Stderr, "due:", due, err)
		os.Exit(3)
	}
	fmt.Println("started round", round)
	if _, err := s.runCampaign(due[0].Seller, due[0].ID, t0, 50); err != nil {
		fmt.Fprintln(os.Stderr, "run:", err)
		os.Exit(3)
	}
	s.Close()
	os.Exit(0)
}

// A process carrying out a campaign to thousands of affiliates is killed
// (SIGKILL) in the middle of its run; run-due then runs it again, and every
// recipient has exactly one message of the campaign, and the results count
// each once.
func TestCampaignKillAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	s, path := programStore(t, campaignCrashN, 0, false)
	all := ids("k", campaignCrashN)
	s.Close()
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	midRun := 0
	for round := range 3 {
		s, err := Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("news-%d", round)
		if _, err := s.CreateCampaign("s1", CampaignSpec{Name: name, Template: "casual-quick-wins", Audience: engage.Audience{Creators: all}}, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartCampaign("s1", name, t0); err != nil {
			t.Fatal(err)
		}
		s.Close()
		cmd := exec.Command(os.Args[0], "-test.run=^TestCampaignCrashHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), envCampaignDB+"="+path, envCampaignRound+"="+strconv.Itoa(round))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rng.Intn(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if probs, err := Check(path); err != nil || len(probs) > 0 {
			t.Fatalf("check after the kill: %q %v", probs, err)
		}
		s, err = Open(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := s.Campaign("s1", name)
		reps, err := s.RunDue(t0)
		if err != nil {
			t.Fatal(err)
		}
		after, _ := s.Campaign("s1", name)
		t.Logf("round %d: %d of %d sent before the kill (state %s), rerun: %+v", round, before.Counts.Sent, campaignCrashN, before.State, reps)
		if before.Counts.Sent > 0 && before.Counts.Sent < campaignCrashN {
			midRun++
		}
		if after.State != engage.CampaignDone || after.Counts.Sent != campaignCrashN || len(after.Results) != campaignCrashN {
			t.Fatalf("after the rerun: %s %+v, %d results", after.State, after.Counts, len(after.Results))
		}
		for c, n := range messagesTo(t, s, all) {
			if n != round+1 {
				t.Fatalf("round %d: %s has %d campaign messages, want %d", round, c, n, round+1)
			}
		}
		s.Close()
	}
	if midRun == 0 {
		t.Log("no kill landed in the middle of a run this time (the machine was fast or slow); exactly-once held anyway")
	}
}
