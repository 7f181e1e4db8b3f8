package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"time"

	"liaison/app/demo"
	"liaison/app/wire"
)

// demoCmd loads the demo district, or with --scale large a generated
// district of performance size (demo.Large; --meetings N changes only the
// accumulated history, see demo.Size) written in batched INSERTs.
func demoCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var scale string
	var meetings int
	cfg, d, _, err := setup(ctx, "demo", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&scale, "scale", "", `"large": a generated district of 50 units, 2,000 users, 20,000 meetings, 200,000 action items`)
		fs.IntVar(&meetings, "meetings", 0, "with --scale large: this many meetings; only the history grows (past meetings, settled action items, closed cases in proportion), the current workload stays")
	})
	if err != nil {
		return err
	}
	defer d.Close()
	switch scale {
	case "":
		deps, err := wire.Build(cfg, d, nil)
		if err != nil {
			return err
		}
		return loadDemo(ctx, deps, stdout)
	case "large":
	default:
		return fmt.Errorf("unknown --scale %q (only \"large\")", scale)
	}
	size := demo.Large
	if meetings > 0 {
		size = demo.Scaled(meetings)
	}
	res, err := demo.LoadLarge(ctx, d, size, d.Now())
	if err != nil {
		return err
	}
	names := make([]string, 0, len(res.Rows))
	for k := range res.Rows {
		names = append(names, k)
	}
	sort.Strings(names)
	fmt.Fprintf(stdout, "Large district written in %s:\n", res.Elapsed.Round(time.Millisecond))
	for _, k := range names {
		fmt.Fprintf(stdout, "  %-20s %d\n", k, res.Rows[k])
	}
	fmt.Fprintf(stdout, "Sign in as %s, %s, %s or %s (or p<unit><slot>, e.g. %s); password %q.\n",
		demo.LargeAdmin, demo.LargeSecretary, demo.LargeMember, demo.LargeFeedUser, demo.LargeUsername(7, 5), demo.Password)
	return nil
}
