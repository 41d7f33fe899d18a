package mailpittest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client reads and clears a Mailpit mailbox through its HTTP API (/api/v1).
type Client struct {
	base string
	http *http.Client
}

// NewClient returns a client for the Mailpit whose web UI and API listen at baseURL,
// "http://127.0.0.1:8025".
func NewClient(baseURL string) *Client {
	return &Client{base: strings.TrimSuffix(baseURL, "/"), http: &http.Client{Timeout: 10 * time.Second}}
}

// Address is a sender or recipient.
type Address struct {
	Name    string
	Address string
}

// Summary is a message as the mailbox listing shows it.
type Summary struct {
	ID      string
	From    Address
	To      []Address
	Subject string
	Snippet string
	Created time.Time
}

// Message is one message with its bodies.
type Message struct {
	ID      string
	From    Address
	To      []Address
	Subject string
	Text    string
	HTML    string
}

// Messages lists up to the newest 500 messages, newest first.
func (c *Client) Messages(ctx context.Context) ([]Summary, error) {
	var out struct{ Messages []Summary }
	if err := c.do(ctx, http.MethodGet, "/api/v1/messages?limit=500", &out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}

// Message returns the message with Mailpit id, bodies included.
func (c *Client) Message(ctx context.Context, id string) (Message, error) {
	var m Message
	err := c.do(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id), &m)
	return m, err
}

// DeleteAll empties the mailbox.
func (c *Client) DeleteAll(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/messages", nil)
}

// WaitFor returns the newest message to the address to (matched ignoring case), polling
// until one arrives or ctx ends. Mail may land a moment after the sender returns, so
// tests read through this rather than Messages.
func (c *Client) WaitFor(ctx context.Context, to string) (Message, error) {
	for {
		list, err := c.Messages(ctx)
		if err != nil {
			return Message{}, err
		}
		for _, s := range list {
			for _, a := range s.To {
				if strings.EqualFold(a.Address, to) {
					return c.Message(ctx, s.ID)
				}
			}
		}
		select {
		case <-ctx.Done():
			return Message{}, fmt.Errorf("no message to %s: %w", to, ctx.Err())
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// ready reports whether Mailpit says it is ready to serve.
func (c *Client) ready(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/readyz", nil)
}

// do sends one request and decodes a JSON answer into out, unless out is nil.
func (c *Client) do(ctx context.Context, method, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, nil)
	if err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("mailpit %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("mailpit %s %s: %s: %s", method, path, resp.Status, body)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("mailpit %s %s: decode: %w", method, path, err)
	}
	return nil
}
