package store

import (
	"fmt"
	"testing"
	"time"

	"outreach/model"
	"outreach/model/engage"
)

const campaignBenchN = 50_000

// campaignBenchStore is a durable store (fsync on) with 50,000 connected affiliates.
func campaignBenchStore(b *testing.B) *Store {
	b.Helper()
	s, path := programStore(b, campaignBenchN, 0, false)
	s.Close()
	s, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func campaignBenchMake(b *testing.B, s *Store, name string) {
	b.Helper()
	if _, err := s.CreateCampaign("s1", CampaignSpec{Name: name, Template: "casual-15-minute-idea",
		Audience: engage.Audience{Creators: ids("k", campaignBenchN)}}, t0); err != nil {
		b.Fatal(err)
	}
}

// Preview of a campaign to 50,000 affiliates: every message rendered and
// every recipient through the checker's dry run. Target: 1 s.
func BenchmarkCampaignPreview50000(b *testing.B) {
	s := campaignBenchStore(b)
	campaignBenchMake(b, s, "news")
	b.ResetTimer()
	for range b.N {
		p, err := s.PreviewCampaign("s1", "news", t0)
		if err != nil || p.Send != campaignBenchN {
			b.Fatalf("%d %v", p.Send, err)
		}
	}
}

// Delivery of a campaign to 50,000 affiliates, durable: every send checked,
// recorded with its result, fsync'd per batch. Target: 10,000 sends a second.
// reference=batches, in the same run, is the floor under it: the same
// 50,000 checked sends (rendered text, idempotency key) as OutreachBatch
// transactions of CampaignBatch, without the campaign's bookkeeping.
func BenchmarkCampaignDelivery50000(b *testing.B) {
	b.Run("campaign", func(b *testing.B) {
		s := campaignBenchStore(b)
		b.ResetTimer()
		var total time.Duration
		cpu := startCPU()
		for i := range b.N {
			name := fmt.Sprintf("news-%d", i)
			b.StopTimer()
			campaignBenchMake(b, s, name)
			if _, err := s.StartCampaign("s1", name, t0); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			start := time.Now()
			rep, err := s.RunCampaign("s1", name, t0)
			total += time.Since(start)
			if err != nil || rep.Counts.Sent != campaignBenchN {
				b.Fatalf("%+v %v", rep, err)
			}
		}
		cpu.report(b)
		b.ReportMetric(float64(b.N*campaignBenchN)/total.Seconds(), "sends/s")
	})
	b.Run("reference=batches", func(b *testing.B) {
		s := campaignBenchStore(b)
		creators := ids("k", campaignBenchN)
		b.ResetTimer()
		cpu := startCPU()
		for i := range b.N {
			reqs := make([]Request, 0, CampaignBatch)
			for start := 0; start < len(creators); start += CampaignBatch {
				reqs = reqs[:0]
				for _, c := range creators[start:min(start+CampaignBatch, len(creators))] {
					reqs = append(reqs, Request{Kind: model.Message, Seller: "s1", Creator: c,
						Text: "Hi " + c + ", a quick idea for this week: 15 minutes, one product, one clip.",
						Key:  engage.SendKey(fmt.Sprintf("ref%d", i), 1, 0, c), Actor: "campaign:ref", Now: t0})
				}
				if _, err := s.OutreachBatch(reqs); err != nil {
					b.Fatal(err)
				}
			}
		}
		cpu.report(b)
		b.ReportMetric(float64(b.N*campaignBenchN)/b.Elapsed().Seconds(), "sends/s")
	})
}

// run-due with nothing due, among 1,000 scheduled campaigns of 10 sellers
// in one store. Target: 10 ms.
func BenchmarkRunDueNothingDue1000(b *testing.B) {
	s, _ := programStore(b, 10, 0, false)
	defer s.Close()
	for i := range 1000 {
		n := fmt.Sprintf("later-%d", i)
		if _, err := s.CreateCampaign("s1", CampaignSpec{Name: n, Template: "casual-quick-wins", Audience: engage.Audience{Creators: []string{"k1"}},
			At: t0.AddDate(0, 1, 0), Repeat: engage.Weekly}, t0); err != nil {
			b.Fatal(err)
		}
		if _, err := s.StartCampaign("s1", n, t0); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for range b.N {
		reps, err := s.RunDue(t0.Add(time.Hour))
		if err != nil || len(reps) != 0 {
			b.Fatalf("%v %v", reps, err)
		}
	}
}
