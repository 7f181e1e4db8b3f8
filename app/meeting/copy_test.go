package meeting

import "testing"

// The minutes outline numbers its sections as a 纪要 does: 一、… 十、
// 十一、… 二十、.
func TestChineseNumeral(t *testing.T) {
	for n, want := range map[int]string{1: "一", 9: "九", 10: "十", 11: "十一", 20: "二十", 21: "二十一", 99: "九十九"} {
		if got := chineseNumeral(n); got != want {
			t.Errorf("chineseNumeral(%d) = %q, want %q", n, got, want)
		}
	}
}
