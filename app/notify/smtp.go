package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// errPermanent marks a failure that retrying cannot fix.
var errPermanent = errors.New("permanent")

// send hands one message to the configured SMTP server: implicit TLS on port
// 465, otherwise STARTTLS whenever the server offers it; AUTH PLAIN when a
// username is set, and never over an unencrypted link to another host
// (net/smtp's PlainAuth refuses that too). The
// whole conversation has a hard deadline, so a server that hangs cannot hold
// a row in 'sending' for longer than Options.SMTPTimeout.
func (s *Service) send(ctx context.Context, rcpt string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.SMTPTimeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	addr := net.JoinHostPort(s.smtp.Host, strconv.Itoa(s.smtp.Port))
	d := net.Dialer{Timeout: min(s.opts.SMTPTimeout, 30*time.Second)}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("connect %s: %w", addr, err)
	}
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	tlsCfg := &tls.Config{ServerName: s.smtp.Host, MinVersion: tls.VersionTLS12}
	secure := s.smtp.Port == 465
	if secure {
		conn = tls.Client(conn, tlsCfg)
	}
	c, err := smtp.NewClient(conn, s.smtp.Host)
	if err != nil {
		_ = conn.Close()
		return smtpErr("greeting", err)
	}
	defer c.Close()
	if err := c.Hello(s.host); err != nil {
		return smtpErr("EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !secure {
		if err := c.StartTLS(tlsCfg); err != nil {
			return smtpErr("STARTTLS", err)
		}
		secure = true
	}
	if s.smtp.Username != "" {
		if !secure && !isLoopback(s.smtp.Host) {
			return fmt.Errorf("%w: %s offers no TLS; the SMTP password is not sent in clear", errPermanent, addr)
		}
		if err := c.Auth(smtp.PlainAuth("", s.smtp.Username, s.smtp.Password, s.smtp.Host)); err != nil {
			return smtpErr("AUTH", err)
		}
	}
	if err := c.Mail(s.from); err != nil {
		return smtpErr("MAIL FROM", err)
	}
	if err := c.Rcpt(rcpt); err != nil {
		return smtpErr("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpErr("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return smtpErr("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpErr("DATA", err)
	}
	_ = c.Quit()
	return nil
}

// smtpErr names the step; a 5xx reply is permanent (the server will refuse
// the same mail again), anything else is worth retrying.
func smtpErr(step string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return fmt.Errorf("%w: %s: %d %s", errPermanent, step, te.Code, te.Msg)
	}
	return fmt.Errorf("%s: %w", step, err)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
