package model

import "time"

// Week is a seller's quota for one week, evaluated once, the first time the
// week's quota is needed, and frozen for the week.
type Week struct {
	Start       time.Time // Sunday 00:00 local
	End         time.Time // the next Sunday 00:00 local
	GMV30       Cents     // GMV over the 30 local days before Start
	Tier        string
	Limit       int   // or Unlimited
	FollowerCap int64 // or Unlimited
	WeeklyUsed  int   // weekly credits spent
	Granted     int   // credits granted by support this week
	GrantedUsed int
	PackUsed    int // Starter Pack credits spent this week
}

// EvaluateWeek freezes the week starting at start for a seller in loc with gmv30.
func (p *Policy) EvaluateWeek(start time.Time, loc *time.Location, gmv30 Cents) Week {
	t := p.TierFor(gmv30)
	return Week{
		Start:       start,
		End:         NextWeekStart(start, loc),
		GMV30:       gmv30,
		Tier:        t.Name,
		Limit:       t.WeeklyLimit,
		FollowerCap: t.FollowerCap,
	}
}

// Quota is what the checker needs of a seller: the week, and the Starter
// Pack credits left (which span weeks).
type Quota struct {
	Week     Week
	PackLeft int
}

// WeeklyLeft is the weekly credits left, or Unlimited.
func (q *Quota) WeeklyLeft() int {
	if q.Week.Limit == Unlimited {
		return Unlimited
	}
	return max(0, q.Week.Limit-q.Week.WeeklyUsed)
}

// GrantedLeft is the support-granted credits left this week.
func (q *Quota) GrantedLeft() int { return max(0, q.Week.Granted-q.Week.GrantedUsed) }

// QuotaStatus is the quota as reported to people and scripts.
type QuotaStatus struct {
	Tier        string    `json:"tier"`
	Limit       *int      `json:"limit"`
	Used        int       `json:"used"`
	Remaining   *int      `json:"remaining"`
	StarterPack int       `json:"starter_pack"`
	Granted     int       `json:"granted"`
	GrantedLeft int       `json:"granted_left"`
	FollowerCap *int64    `json:"follower_cap"`
	GMV30       float64   `json:"gmv30"`
	WeekStart   time.Time `json:"week_start"`
	NextReset   time.Time `json:"next_reset"`
}

// Status reports q.
func (q *Quota) Status() QuotaStatus {
	s := QuotaStatus{
		Tier:        q.Week.Tier,
		Used:        q.Week.WeeklyUsed + q.Week.GrantedUsed + q.Week.PackUsed,
		StarterPack: q.PackLeft,
		Granted:     q.Week.Granted,
		GrantedLeft: q.GrantedLeft(),
		GMV30:       q.Week.GMV30.Dollars(),
		WeekStart:   q.Week.Start,
		NextReset:   q.Week.End,
	}
	if q.Week.Limit != Unlimited {
		lim, rem := q.Week.Limit, q.WeeklyLeft()+q.GrantedLeft()
		s.Limit, s.Remaining = &lim, &rem
	}
	if q.Week.FollowerCap != Unlimited {
		c := q.Week.FollowerCap
		s.FollowerCap = &c
	}
	return s
}
